namespace QwenLogFunctions.Core.Tests.Generation;

public class ValidatorsTests
{
    [Theory]
    [InlineData("11010519491231002X", true)] // the standard's own example
    [InlineData("440524188001010014", true)]
    [InlineData("110105194912310021", false)]
    [InlineData("11010519491231002", false)]
    public void Resident_id_check_digit_follows_GB_11643(string id, bool valid) =>
        Assert.Equal(valid, Validators.IsValidResidentId(id));

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("6222021234567890128", true)]
    [InlineData("6222021234567890127", false)]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    public void Luhn_matches_known_numbers(string digits, bool valid) => Assert.Equal(valid, Validators.PassesLuhn(digits));
}
