using Azure.Core;
using Azure.Identity;

namespace QwenLogFunctions.Functions.Telemetry;

/// <summary>
/// Reads APPLICATIONINSIGHTS_AUTHENTICATION_STRING ("Authorization=AAD;ClientId=&lt;guid&gt;"), the platform's way of saying
/// "send telemetry with Entra ID". infra/ turns local authentication off on Application Insights, so without this
/// credential every export would be refused.
/// </summary>
public static class ApplicationInsightsAuthentication
{
    /// <summary>
    /// The managed identity credential the string asks for (user-assigned when it names a ClientId), or null when the
    /// string is empty or does not ask for Entra ID authentication.
    /// </summary>
    /// <exception cref="FormatException">The string is not a list of key=value pairs separated by semicolons.</exception>
    public static TokenCredential? CreateCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException(
                    $"APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be 'Authorization=AAD;ClientId=<client id>'; the part '{part}' is not key=value.");
            }

            pairs[part[..equals]] = part[(equals + 1)..];
        }

        if (!pairs.TryGetValue("Authorization", out string? authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return pairs.TryGetValue("ClientId", out string? clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
