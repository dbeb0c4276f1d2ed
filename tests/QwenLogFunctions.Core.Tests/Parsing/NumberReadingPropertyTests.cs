using System.Globalization;
using System.Text;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>Numbers read with the small-integer fast path give, bit for bit, the double the general parser gives.</summary>
public class NumberReadingPropertyTests
{
    [Fact]
    public void Any_integer_or_double_reads_as_the_general_parser_reads_it()
    {
        var texts = Gen.Frequency(
            (3, Gen.Long[-999_999_999_999_999, 999_999_999_999_999].Select(n => n.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
            // One to eight digits, as token counts and latencies are: what the short-integer read takes (up to seven).
            (4, Gen.Int[1, 8].SelectMany(length => Gen.Int[0, (int)Math.Pow(10, length) - 1]).Select(n => n.ToString(CultureInfo.InvariantCulture))),
            // Eight to seventeen digits, as epoch seconds (ten) and milliseconds (thirteen) are: the two-load read takes
            // up to fifteen, and each length from each side of both limits is drawn.
            (4, Gen.Int[8, 17].SelectMany(length => Gen.Long[(long)Math.Pow(10, length - 1), (long)Math.Pow(10, length) - 1]).Select(n => n.ToString(CultureInfo.InvariantCulture))),
            (2, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
            (1, Gen.OneOfConst("0", "-0", "-0.0", "0.0", "1e3", "-1E-2", "9007199254740993", "999999999999999", "1000000000000000", "-999999999999999",
                "0.1", "2.8", "153.1", "9.777777777777779", "0.000000000000000000000001", "1.5e22", "1.5e23", "123456789012345e-22", "123456789012345e-23",
                "1e-22", "1e22", "1e23", "-0e5", "0.7", "17.42105263157895")),
            // Short decimals with exponents near the fast path's limits ("12.345e-19"), the kind logs hold ("2.8", "0.7").
            (3, Gen.Select(Gen.Long[0, 999_999_999_999_999], Gen.Int[0, 16], Gen.Int[-30, 30], Gen.Bool).Select((digits, point, exponent, negative) =>
            {
                string text = digits.ToString(CultureInfo.InvariantCulture);
                point = Math.Min(point, text.Length - 1);
                string number = point == 0 ? text : text[..^point] + "." + text[^point..];
                return (negative ? "-" : "") + number + (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
            })));
        // At the end of the line (too close for the 8-byte short-integer read) and with more of the line after it
        // (where it reads short integers), followed by each kind of delimiter.
        var lines = Gen.OneOfConst("{\"n\": #}", "{\"n\": #, \"padding\": \"0123456789\"}", "{\"n\":#\t, \"m\": 1}", "{\"n\": [#], \"m\": \"long enough\"}", "{\"n\": #\r\n}");
        Gen.Select(texts, lines).Sample((text, line) =>
        {
            var scanner = new JsonLineScanner(Encoding.UTF8.GetBytes(line.Replace("#", text, StringComparison.Ordinal)));
            Assert.True(scanner.Read() && scanner.Read() && scanner.Read());
            if (scanner.Token == JsonToken.StartArray)
            {
                Assert.True(scanner.Read());
            }

            Assert.Equal(JsonToken.Number, scanner.Token);
            Assert.Equal(text, Encoding.UTF8.GetString(scanner.ValueSpan));
            Assert.True(scanner.TryGetDouble(out double value));
            double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
            bool isInteger = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer);
            Assert.Equal(isInteger, scanner.TryGetInt64(out long read));
            if (isInteger)
            {
                Assert.Equal(integer, read);
            }

            Assert.True(scanner.Read());
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("{\"n\": 0123, \"padding\": 1}")] // a leading zero
    [InlineData("{\"n\": 12a4, \"padding\": 1}")] // a letter after the digits
    [InlineData("{\"n\": 12.x, \"padding\": 1}")] // no digit after the point
    [InlineData("{\"n\": 1234\"5, \"padding\": 1}")] // a quote after the digits
    [InlineData("{\"n\": 01234567890, \"padding\": 1}")] // a leading zero before eight digits and more
    [InlineData("{\"n\": 123456789a12, \"padding\": 1}")] // a letter after nine digits
    [InlineData("{\"n\": 12345678\"9, \"padding\": 1}")] // a quote right after eight digits
    [InlineData("{\"n\": 1234567890.x, \"padding\": 1}")] // no digit after the point of a timestamp
    public void Malformed_numbers_are_errors_whatever_follows(string line)
    {
        var scanner = new JsonLineScanner(Encoding.UTF8.GetBytes(line));
        Assert.True(scanner.Read() && scanner.Read());
        Assert.False(scanner.Read());
    }
}
