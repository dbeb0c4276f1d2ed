using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>
/// Times at the edges of the calendar: every time parameter of every endpoint is a 400 naming the supported window
/// (2000-01-01 to 2100-01-01), never a 500 from hour arithmetic past DateTimeOffset.MaxValue.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class SupportedTimeTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("from=9999-12-30T00:00:00Z&to=9999-12-31T22:00:00Z", "'from' (9999-12-30T00:00:00Z) is outside the supported times 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z")]
    [InlineData("from=2025-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", "'to' (9999-12-31T23:59:59Z)")]
    [InlineData("from=0001-01-01T00:00:00Z&to=0001-01-01T05:00:00Z", "'from' (0001-01-01T00:00:00Z)")]
    [InlineData("from=2099-12-31T23:00:00Z&to=2100-01-01T00:00:01Z", "'to' (2100-01-01T00:00:01Z)")]
    [InlineData("from=1999-12-31T23:59:59Z&to=2000-01-01T01:00:00Z", "'from' (1999-12-31T23:59:59Z)")]
    public async Task Report_refuses_times_outside_the_supported_window(string query, string expected)
    {
        await using var services = AppServices.Build(azurite, Now);
        var function = ActivatorUtilities.CreateInstance<ReportFunction>(services);
        AssertError(await HttpAnswers.Of(() => function.Run(AppServices.Request(query), CancellationToken.None)), expected);
        AssertError(await HttpAnswers.Of(() => function.Run(AppServices.Request(query + "&format=html"), CancellationToken.None)), expected);
        AssertError(await HttpAnswers.Of(() => function.Run(AppServices.Request(query + "&format=csv"), CancellationToken.None)), expected);
    }

    [Theory]
    [InlineData("from=9999-12-30T00:00:00Z&to=9999-12-31T22:00:00Z", "'from' (9999-12-30T00:00:00Z)")]
    [InlineData("from=2099-12-31T00:00:00Z&to=9999-12-31T22:00:00Z", "'to' (9999-12-31T22:00:00Z)")]
    public async Task Audit_sample_refuses_times_outside_the_supported_window(string query, string expected)
    {
        await using var services = AppServices.Build(azurite, Now);
        var function = ActivatorUtilities.CreateInstance<AuditSampleFunction>(services);
        AssertError(await HttpAnswers.Of(() => function.Run(AppServices.Request(query), CancellationToken.None)), expected);
    }

    [Fact]
    public async Task Requests_and_alerts_refuse_times_outside_the_supported_window()
    {
        await using var services = AppServices.Build(azurite, Now);
        AssertError(
            await HttpAnswers.Of(() => ActivatorUtilities.CreateInstance<RequestsFunction>(services).Run(AppServices.Request("hour=9999-12-31T23:30:00Z"), CancellationToken.None)),
            "'hour' (9999-12-31T23:30:00Z)");
        AssertError(
            await HttpAnswers.Of(() => ActivatorUtilities.CreateInstance<AlertsFunction>(services).Run(AppServices.Request("since=0001-01-01T00:00:00Z"), CancellationToken.None)),
            "'since' (0001-01-01T00:00:00Z)");
    }

    [Fact]
    public async Task The_last_supported_hour_still_answers()
    {
        await using var services = AppServices.Build(azurite, Now);
        var report = await ActivatorUtilities.CreateInstance<ReportFunction>(services)
            .Run(AppServices.Request("from=2099-12-31T22:30:00Z&to=2100-01-01T00:00:00Z"), CancellationToken.None);
        Assert.Equal(200, Assert.IsType<ContentResult>(report).StatusCode);
        var sample = await ActivatorUtilities.CreateInstance<AuditSampleFunction>(services)
            .Run(AppServices.Request("from=2099-12-31T22:30:00Z&to=2100-01-01T00:00:00Z"), CancellationToken.None);
        Assert.Equal(200, Assert.IsType<ContentResult>(sample).StatusCode);
    }

    private static void AssertError(IActionResult result, string expected)
    {
        var content = Assert.IsType<ContentResult>(result, exactMatch: false);
        Assert.Equal(400, content.StatusCode);
        using var json = JsonDocument.Parse(content.Content!);
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
