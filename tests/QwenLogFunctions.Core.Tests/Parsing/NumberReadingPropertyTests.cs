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
        texts.Sample(text =>
        {
            var scanner = new JsonLineScanner(Encoding.UTF8.GetBytes("{\"n\": " + text + "}"));
            Assert.True(scanner.Read() && scanner.Read() && scanner.Read());
            Assert.Equal(JsonToken.Number, scanner.Token);
            Assert.True(scanner.TryGetDouble(out double value));
            double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        });
    }
}
