namespace QwenLogFunctions.Core.Rules;

/// <summary>Kinds of validated personal data and secrets found in text.</summary>
public enum SensitiveKind
{
    /// <summary>Chinese resident ID number (GB 11643 check digit valid).</summary>
    IdNumber,

    /// <summary>Payment card number (13–19 digits, known issuer prefix, Luhn valid).</summary>
    BankCard,

    /// <summary>Mainland China mobile number.</summary>
    Phone,

    /// <summary>E-mail address.</summary>
    Email,

    /// <summary>API key, access key, token or private key.</summary>
    Secret,
}
