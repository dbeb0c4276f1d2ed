using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QwenLogFunctions.Generation;

/// <summary>Small helpers that write JSON the way Python's json.dumps(..., ensure_ascii=False) lays it out.</summary>
internal static class PyJson
{
    /// <summary>A JSON string literal, quotes included.</summary>
    public static string Str(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    /// <summary>An object from already-encoded member values, with ", " and ": " separators.</summary>
    public static string Obj(params (string Name, string Json)[] members) =>
        "{" + string.Join(", ", members.Select(m => Str(m.Name) + ": " + m.Json)) + "}";

    public static string Arr(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    public static string Num(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
