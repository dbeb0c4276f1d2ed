using System.Collections.Frozen;

namespace QwenLogFunctions.Reporting;

/// <summary>Chinese names of the flags, shown next to their stable snake_case names in the HTML report.</summary>
internal static class FlagLabels
{
    private static readonly FrozenDictionary<string, string> Chinese = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["empty_response"] = "空响应",
        ["contains_sensitive"] = "敏感词",
        ["malformed_json"] = "JSON 格式错误",
        ["jailbreak_attempt"] = "越狱尝试",
        ["pii_id_number"] = "身份证号",
        ["pii_bank_card"] = "银行卡号",
        ["pii_phone"] = "手机号",
        ["pii_email"] = "电子邮箱",
        ["secret_leak"] = "密钥泄露",
        ["prompt_injection"] = "提示注入",
        ["invalid_tool_call"] = "无效工具调用",
        ["refusal"] = "拒答",
        ["invalid_prompt"] = "无效输入",
        ["repeated_input"] = "重复输入",
        ["truncated_output"] = "输出截断",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>"手机号 pii_phone", or the bare name for a flag this version does not know.</summary>
    public static string Label(string flagName) =>
        Chinese.TryGetValue(flagName, out string? zh) ? zh + " " + flagName : flagName;
}
