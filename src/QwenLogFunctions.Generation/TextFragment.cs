using System.Text.Encodings.Web;
using System.Text.Json;

namespace QwenLogFunctions.Generation;

/// <summary>
/// A piece of text pre-encoded as the inside of a JSON string. JSON escaping is per character, so concatenating
/// escaped fragments equals escaping the concatenation: the long parts of a line are built by copying bytes only.
/// </summary>
internal sealed class TextFragment
{
    public TextFragment(string text)
    {
        Text = text;
        Once = Escape(text);
        Tokens = EstimateTokens(text);
    }

    public string Text { get; }

    /// <summary>UTF-8 bytes of the text escaped for a JSON string (ensure_ascii=False style: CJK stays raw).</summary>
    public byte[] Once { get; }

    /// <summary>Approximate Qwen2.5 token count of the text.</summary>
    public double Tokens { get; }

    public static byte[] Escape(string text) =>
        JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.ToArray();

    /// <summary>
    /// Rough tokenizer model: about 1.4 CJK characters per token and 3.7 other characters per token, the ratios
    /// Qwen2.5's BPE shows on mixed Chinese/English chat text. Good enough to keep tokens and text length consistent.
    /// </summary>
    public static double EstimateTokens(string text)
    {
        int cjk = 0;
        foreach (char c in text)
        {
            if (c >= '\u2E80')
            {
                cjk++;
            }
        }

        return (cjk / 1.4) + ((text.Length - cjk) / 3.7);
    }
}
