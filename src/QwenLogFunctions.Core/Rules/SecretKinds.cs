namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// The credential kinds <see cref="SecretScanner"/> recognises, by their wire names ("github_token", …). A kind is
/// listed here only when it has labelled cases in tests/eval-corpus/secret_leak.jsonl and meets its recall floor.
/// The names are used as the sub-category of the secret_leak flag ("secret_leak/github_token").
/// </summary>
public static class SecretKinds
{
    /// <summary>OpenAI API key: <c>sk-…</c>, <c>sk-proj-…</c>, <c>sk-svcacct-…</c>, <c>sk-admin-…</c> (and sk- keys of compatible vendors).</summary>
    public const string OpenAiApiKey = "openai_api_key";

    /// <summary>Anthropic key: <c>sk-ant-api03-…</c>, <c>sk-ant-admin01-…</c>, OAuth <c>sk-ant-oat01-…</c>/<c>sk-ant-ort01-…</c>.</summary>
    public const string AnthropicApiKey = "anthropic_api_key";

    /// <summary>GitHub token: <c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c> and 36+ alphanumerics.</summary>
    public const string GitHubToken = "github_token";

    /// <summary>GitHub fine-grained personal access token: <c>github_pat_…</c>.</summary>
    public const string GitHubFineGrainedPat = "github_fine_grained_pat";

    /// <summary>GitLab tokens: <c>glpat-</c>, <c>glptt-</c>, <c>glrt-</c>, <c>gldt-</c>, <c>glcbt-</c>, <c>glft-</c>, <c>glimt-</c>, <c>glagent-</c>, <c>gloas-</c>, <c>glsoat-</c>, <c>glffct-</c>, runner registration <c>GR1348941…</c>.</summary>
    public const string GitLabToken = "gitlab_token";

    /// <summary>Slack token: <c>xoxb-</c>, <c>xoxp-</c>, <c>xoxe-</c>, <c>xoxe.xoxp-</c>, <c>xoxa-</c>, <c>xoxr-</c>, <c>xoxs-</c>, <c>xoxo-</c>.</summary>
    public const string SlackToken = "slack_token";

    /// <summary>Slack app-level token: <c>xapp-1-A…-…-…</c>.</summary>
    public const string SlackAppToken = "slack_app_token";

    /// <summary>Slack incoming webhook, workflow or trigger URL: <c>hooks.slack.com/services/T…/B…/…</c>.</summary>
    public const string SlackWebhook = "slack_webhook";

    /// <summary>AWS access key id: <c>AKIA</c>, <c>ASIA</c>, <c>ABIA</c>, <c>ACCA</c>, <c>A3T…</c> and 16 characters.</summary>
    public const string AwsAccessKeyId = "aws_access_key_id";

    /// <summary>Azure AD (Entra ID) client secret: three characters, a digit, <c>Q~</c>, 31–34 characters.</summary>
    public const string AzureAdClientSecret = "azure_ad_client_secret";

    /// <summary>Azure storage or Service Bus key in a connection string: <c>AccountKey=…</c>, <c>SharedAccessKey=…</c>.</summary>
    public const string AzureStorageKey = "azure_storage_key";

    /// <summary>Google API key: <c>AIza</c> and 35 characters.</summary>
    public const string GoogleApiKey = "google_api_key";

    /// <summary>Google OAuth client secret: <c>GOCSPX-</c> and 28 characters.</summary>
    public const string GoogleOAuthClientSecret = "google_oauth_client_secret";

    /// <summary>Hugging Face token: <c>hf_</c> (or the older <c>api_org_</c>) and 34 letters.</summary>
    public const string HuggingFaceToken = "huggingface_token";

    /// <summary>Stripe secret or restricted key: <c>sk_live_</c>, <c>sk_test_</c>, <c>rk_live_</c>, <c>rk_test_</c> (and <c>_prod_</c>).</summary>
    public const string StripeSecretKey = "stripe_secret_key";

    /// <summary>npm access token: <c>npm_</c> and 36 alphanumerics.</summary>
    public const string NpmToken = "npm_token";

    /// <summary>PyPI upload token: <c>pypi-AgEIcHlwaS5vcmc…</c>.</summary>
    public const string PyPiToken = "pypi_token";

    /// <summary>Alibaba Cloud AccessKey id: <c>LTAI…</c>.</summary>
    public const string AlibabaAccessKeyId = "alibaba_access_key_id";

    /// <summary>Tencent Cloud SecretId: <c>AKID</c> and 32 alphanumerics.</summary>
    public const string TencentSecretId = "tencent_secret_id";

    /// <summary>SendGrid API key: <c>SG.</c> and 66 characters (22 + "." + 43).</summary>
    public const string SendGridApiKey = "sendgrid_api_key";

    /// <summary>Twilio API key sid: <c>SK</c> and 32 hex digits.</summary>
    public const string TwilioApiKey = "twilio_api_key";

    /// <summary>Twilio account sid: <c>AC</c> and 32 hex digits.</summary>
    public const string TwilioAccountSid = "twilio_account_sid";

    /// <summary>Telegram bot token: 5–16 digit bot id, <c>:A</c>, 34 characters.</summary>
    public const string TelegramBotToken = "telegram_bot_token";

    /// <summary>Discord bot token: base64 user id, "." timestamp, "." HMAC.</summary>
    public const string DiscordBotToken = "discord_bot_token";

    /// <summary>Discord webhook URL: <c>discord.com/api/webhooks/ID/TOKEN</c>.</summary>
    public const string DiscordWebhook = "discord_webhook";

    /// <summary>PEM private key: RSA, EC, DSA, OPENSSH, ENCRYPTED or PKCS#8 <c>-----BEGIN … PRIVATE KEY-----</c> with a body.</summary>
    public const string PrivateKey = "private_key";

    /// <summary>Armored PGP private key: <c>-----BEGIN PGP PRIVATE KEY BLOCK-----</c> with a body.</summary>
    public const string PgpPrivateKey = "pgp_private_key";

    /// <summary>JSON Web Token: <c>eyJ…</c> header, <c>eyJ…</c> payload, signature.</summary>
    public const string Jwt = "jwt";

    /// <summary>Shopify token or shared secret: <c>shpat_</c>, <c>shpca_</c>, <c>shppa_</c>, <c>shpss_</c> and 32 hex digits.</summary>
    public const string ShopifyToken = "shopify_token";

    /// <summary>DigitalOcean token: <c>dop_v1_</c>, <c>doo_v1_</c>, <c>dor_v1_</c> and 64 hex digits.</summary>
    public const string DigitalOceanToken = "digitalocean_token";

    /// <summary>Databricks token: <c>dapi</c> and 32 hex digits.</summary>
    public const string DatabricksToken = "databricks_token";

    /// <summary>age encryption secret key: <c>AGE-SECRET-KEY-1</c> and 58 bech32 characters.</summary>
    public const string AgeSecretKey = "age_secret_key";

    /// <summary>HashiCorp Vault service or batch token: <c>hvs.…</c>, <c>hvb.…</c>.</summary>
    public const string VaultToken = "vault_token";

    /// <summary>Groq API key: <c>gsk_</c> and 52 alphanumerics.</summary>
    public const string GroqApiKey = "groq_api_key";

    /// <summary>Perplexity API key: <c>pplx-</c> and 48 alphanumerics.</summary>
    public const string PerplexityApiKey = "perplexity_api_key";

    /// <summary>Postman API key: <c>PMAK-</c>, 24 hex, "-", 34 hex.</summary>
    public const string PostmanApiKey = "postman_api_key";

    /// <summary>Linear API key: <c>lin_api_</c> and 40 alphanumerics.</summary>
    public const string LinearApiKey = "linear_api_key";

    /// <summary>Pulumi access token: <c>pul-</c> and 40 hex digits.</summary>
    public const string PulumiToken = "pulumi_token";

    /// <summary>Heroku API key (v2): <c>HRKU-AA</c> and 58 characters.</summary>
    public const string HerokuApiKey = "heroku_api_key";

    /// <summary>Sentry user auth token: <c>sntryu_</c> and 64 hex digits.</summary>
    public const string SentryToken = "sentry_token";

    /// <summary>Doppler personal token: <c>dp.pt.</c> and 43 alphanumerics.</summary>
    public const string DopplerToken = "doppler_token";

    /// <summary>Every kind, in catalogue order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        OpenAiApiKey, AnthropicApiKey, GitHubToken, GitHubFineGrainedPat, GitLabToken, SlackToken, SlackAppToken, SlackWebhook,
        AwsAccessKeyId, AzureAdClientSecret, AzureStorageKey, GoogleApiKey, GoogleOAuthClientSecret, HuggingFaceToken,
        StripeSecretKey, NpmToken, PyPiToken, AlibabaAccessKeyId, TencentSecretId, SendGridApiKey, TwilioApiKey, TwilioAccountSid,
        TelegramBotToken, DiscordBotToken, DiscordWebhook, PrivateKey, PgpPrivateKey, Jwt, ShopifyToken, DigitalOceanToken,
        DatabricksToken, AgeSecretKey, VaultToken, GroqApiKey, PerplexityApiKey, PostmanApiKey, LinearApiKey, PulumiToken,
        HerokuApiKey, SentryToken, DopplerToken,
    ];
}
