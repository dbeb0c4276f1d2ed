namespace QwenLogFunctions.Alerting;

/// <summary>Builds alert keys: rule, model and subject joined by '|' (stores escape them for their own key rules).</summary>
public static class AlertKeys
{
    /// <summary>The key of an alert series.</summary>
    public static string Of(string ruleId, string model, string subject) =>
        string.IsNullOrEmpty(subject) ? $"{ruleId}|{model}" : $"{ruleId}|{model}|{subject}";
}
