using System.Text;

namespace QwenLogFunctions.Reporting.Tests;

/// <summary>A strict RFC 4180 reader for tests: CRLF records, quoted fields with doubled quotes; throws on anything else.</summary>
internal static class CsvParser
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("Unterminated quoted field.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }

            while (i < text.Length && text[i] != ',' && text[i] != '\r')
            {
                if (text[i] is '"' or '\n')
                {
                    throw new FormatException($"Unexpected {(text[i] == '"' ? "quote" : "bare LF")} at {i}.");
                }

                field.Append(text[i++]);
            }

            record.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            if (i + 1 >= text.Length || text[i + 1] != '\n')
            {
                throw new FormatException($"Record not terminated by CRLF at {i}.");
            }

            i += 2;
            records.Add(record);
            record = [];
        }

        return records;
    }
}
