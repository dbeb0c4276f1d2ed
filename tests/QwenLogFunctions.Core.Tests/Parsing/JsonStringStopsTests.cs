using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

public class JsonStringStopsTests
{
    [Fact]
    public void Finds_the_first_stop_exactly_like_a_byte_loop_at_every_length_and_position()
    {
        var random = new Random(11);
        for (int length = 0; length < 200; length++)
        {
            for (int trial = 0; trial < 20; trial++)
            {
                var bytes = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    // Mostly plain text (ASCII and UTF-8 continuation bytes), sometimes a stop.
                    bytes[i] = random.Next(40) switch
                    {
                        0 => (byte)'"',
                        1 => (byte)'\\',
                        2 => (byte)random.Next(0x20),
                        _ => (byte)random.Next(0x20, 0x100),
                    };
                }

                Assert.Equal(Array.FindIndex(bytes, b => b == '"' || b == '\\' || b < 0x20), JsonStringStops.IndexOf(bytes));
            }
        }
    }
}
