namespace QwenLogFunctions.Reporting.Tests;

public sealed class ReportFormatNegotiatorTests
{
    [Theory]
    [InlineData(null, null, ReportFormat.Json)]
    [InlineData("", "", ReportFormat.Json)]
    [InlineData(null, "*/*", ReportFormat.Json)]
    [InlineData(null, "application/json", ReportFormat.Json)]
    [InlineData(null, "application/*", ReportFormat.Json)]
    [InlineData(null, "text/html", ReportFormat.Html)]
    [InlineData(null, "text/csv", ReportFormat.Csv)]
    [InlineData(null, "TEXT/CSV; charset=utf-8", ReportFormat.Csv)]
    [InlineData(null, "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", ReportFormat.Html)]
    [InlineData(null, "text/html;q=0.5, text/csv;q=0.9", ReportFormat.Csv)]
    [InlineData(null, "text/csv, text/html", ReportFormat.Csv)]
    [InlineData(null, "text/html, text/csv", ReportFormat.Html)]
    [InlineData(null, "*/*;q=0.1, text/csv", ReportFormat.Csv)]
    [InlineData(null, "text/*;q=0.3, text/html;q=0.7, */*;q=0.1", ReportFormat.Html)]
    [InlineData(null, "text/html;q=0, */*", ReportFormat.Json)]
    [InlineData(null, "garbage", ReportFormat.Json)]
    [InlineData("html", "application/json", ReportFormat.Html)]
    [InlineData("CSV", "text/html", ReportFormat.Csv)]
    [InlineData(" json ", "text/csv", ReportFormat.Json)]
    public void Chooses_the_format(string? query, string? accept, ReportFormat expected)
    {
        FormatNegotiation result = ReportFormatNegotiator.Negotiate(query, accept);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(expected, result.Format);
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Error);
    }

    [Fact]
    public void An_unknown_format_query_is_a_400_listing_the_supported_formats()
    {
        FormatNegotiation result = ReportFormatNegotiator.Negotiate("xml", "text/html");

        Assert.False(result.Succeeded);
        Assert.Null(result.Format);
        Assert.Null(result.ContentType);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Unknown format 'xml'. Supported formats: json, html, csv.", result.Error);
    }

    [Fact]
    public void The_audit_sample_offers_only_json_and_csv()
    {
        ReportFormat[] audit = [ReportFormat.Json, ReportFormat.Csv];

        FormatNegotiation html = ReportFormatNegotiator.Negotiate("html", null, audit);
        Assert.Equal(400, html.StatusCode);
        Assert.Equal("Unknown format 'html'. Supported formats: json, csv.", html.Error);

        Assert.Equal(ReportFormat.Json, ReportFormatNegotiator.Negotiate(null, "text/html, */*;q=0.5", audit).Format);
        Assert.Equal(ReportFormat.Csv, ReportFormatNegotiator.Negotiate(null, "text/*", audit).Format);
    }

    [Fact]
    public void An_accept_header_allowing_nothing_we_produce_is_a_406()
    {
        FormatNegotiation result = ReportFormatNegotiator.Negotiate(null, "image/png, application/json;q=0");

        Assert.False(result.Succeeded);
        Assert.Equal(406, result.StatusCode);
        Assert.Contains("application/json, text/html, text/csv", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReportFormat.Json, "application/json; charset=utf-8")]
    [InlineData(ReportFormat.Html, "text/html; charset=utf-8")]
    [InlineData(ReportFormat.Csv, "text/csv; charset=utf-8; header=present")]
    public void Each_format_has_a_content_type(ReportFormat format, string contentType)
    {
        Assert.Equal(contentType, ReportFormatNegotiator.ContentTypeOf(format));
        Assert.Equal(contentType, ReportFormatNegotiator.Negotiate(ReportFormatNegotiator.NameOf(format), null).ContentType);
    }
}
