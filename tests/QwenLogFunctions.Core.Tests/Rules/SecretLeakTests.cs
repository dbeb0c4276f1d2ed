using CsCheck;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Rules.Evaluation;

namespace QwenLogFunctions.Core.Tests.Rules;

public class SecretLeakTests
{
    private static readonly ComplianceRules Rules = new(new RuleOptions());

    [Theory]
    [InlineData("token: xoxe-4726837507825-4848681849303-4856614048758-e0b1f3d4cb371f92260edb0d9444d206", SecretKinds.SlackToken)]
    [InlineData("\"access_token1\": \"xoxs-3206092076-3204538285-3743137121-836b042620\"", SecretKinds.SlackToken)]
    [InlineData("xoxo-523423-234243-234233-e039d02840a0b9379c", SecretKinds.SlackToken)]
    [InlineData("SLACK_APP_TOKEN=xapp-1-A052FGTS2DL-5171572773297-610b6a11f4b7eb819e87b767d80e6575a3634791acb9a9ead051da879eb5b55e", SecretKinds.SlackAppToken)]
    [InlineData("POST to https://hooks.slack.com/services/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 now", SecretKinds.SlackWebhook)]
    [InlineData("huggingface-cli login --token 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", SecretKinds.HuggingFaceToken)]
    [InlineData("stripe.api_key = \"sk_test_Hx7PqL2vN9cR4tW8yB3mK6dF1gJ5sA0e\"", SecretKinds.StripeSecretKey)]
    [InlineData("trigger with glptt-7f3a9c1e5b8d2f4a6c0e9b7d5f3a1c8e2b4d6f0a", SecretKinds.GitLabToken)]
    [InlineData("runner token GR1348941Zx8vQ2mLp7rT4wK9nB3cY6d", SecretKinds.GitLabToken)]
    [InlineData("//registry.npmjs.org/:_authToken=npm_T7vXq2LmP9rK4wZ8nB3cY6dF1gJ5sA0hE2uR", SecretKinds.NpmToken)]
    [InlineData("密钥：bP88Q~rcBcYjzzOhg1Hnn76Wm3jGgakZiZ.8vMgR，请保存。", SecretKinds.AzureAdClientSecret)]
    [InlineData("The client secret is QtT8Q~9C-_Ij~RouHVpD2Tuf3oHWGh.DQ3kcjbAn.", SecretKinds.AzureAdClientSecret)]
    [InlineData("ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tQx7vR2mKp9LtW4zH8n", SecretKinds.AlibabaAccessKeyId)]
    [InlineData("SecretId: AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA", SecretKinds.TencentSecretId)]
    [InlineData("TWILIO_API_KEY=SK3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e", SecretKinds.TwilioApiKey)]
    [InlineData("account AC9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f", SecretKinds.TwilioAccountSid)]
    [InlineData("https://api.telegram.org/bot7215038441:AAH3kx9QvZrT2mL8pW5nB7cY4dF6gJ1sA0e/getMe", SecretKinds.TelegramBotToken)]
    [InlineData("client.run('MTA4NjQ4NTk3MjE3NDY5MjQ4Ng.GxYzAb.q9Xk2LmP7rT4wZ8nB3cY6dF1gJ5sA0hE2uRvW')", SecretKinds.DiscordBotToken)]
    [InlineData("AKIALALEMEL33243OLIB", SecretKinds.AwsAccessKeyId)]
    public void Credentials_are_found_with_their_kind(string text, string kind)
    {
        var findings = SecretScanner.Find(text);
        Assert.Contains(findings, f => f.Kind == kind);
        Assert.Equal(RequestFlags.SecretLeak, Rules.EvaluateOutput(text, false, false, false, out _) & RequestFlags.SecretLeak);
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("key = AKIAXXXXXXXXXXXXXXXX")]
    [InlineData("export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("client = OpenAI(api_key=\"sk-...your key here\")")]
    [InlineData("Authorization: Bearer <YOUR_API_KEY>")]
    [InlineData("api_key = \"sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")]
    [InlineData("api_key = \"sk-1234567890abcdef1234567890abcdef\"")]
    [InlineData("GITHUB_TOKEN=ghp_1234567890abcdefghijklmnopqrstuvwxyz")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n-----END PUBLIC KEY-----")]
    [InlineData("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("Stripe test keys look like sk_test_ followed by random characters; publishable keys start with pk_test_.")]
    [InlineData("Install scikit-learn (sk-learn) and use the sk-button-primary-large-hover-state class.")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")]
    [InlineData("commit 9fceb02d0ae598e95dc970b74767f19372d61af8, md5 d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("TELEGRAM_TOKEN=110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")]
    public void Placeholders_and_look_alikes_are_not_secrets(string text)
    {
        Assert.Empty(SecretScanner.Find(text));
        Assert.False(SecretScanner.Scan(text, null));
    }

    [Fact]
    public void The_span_covers_exactly_the_credential()
    {
        const string Token = "ghp_Xq7vR2mKp9LtW4zH8nBc3YdF6sJa1GeU5oQi";
        string text = "export GITHUB_TOKEN=" + Token + "\n";
        var spans = new List<SensitiveSpan>();
        Assert.True(SecretScanner.Scan(text, spans));
        var span = Assert.Single(spans);
        Assert.Equal(SensitiveKind.Secret, span.Kind);
        Assert.Equal(Token, text.Substring(span.Start, span.Length));
    }

    [Fact]
    public void A_webhook_span_takes_in_the_scheme_and_a_telegram_span_the_bot_id()
    {
        const string Webhook = "https://discord.com/api/webhooks/1234567890123456789/Zx8vQ2mLp7rT4wK9nB3cY6dF1gJ5sA0hE2uRvWq7Xk2LmP9rT4wZ8nB3cY6dF1gJ5sA0h";
        const string Telegram = "7215038441:AAH3kx9QvZrT2mL8pW5nB7cY4dF6gJ1sA0e";
        var findings = SecretScanner.Find("hook " + Webhook + " and bot " + Telegram + ".");
        Assert.Equal([Webhook, Telegram], findings.Select(f => ("hook " + Webhook + " and bot " + Telegram + ".").Substring(f.Start, f.Length)));
    }

    [Fact]
    public void A_private_key_cut_off_before_its_end_line_is_still_found()
    {
        string body = string.Join('\n', Enumerable.Range(0, 6).Select(i => Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData([(byte)i]))));
        string text = "Here you go:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + body;
        var finding = Assert.Single(SecretScanner.Find(text));
        Assert.Equal(SecretKinds.PrivateKey, finding.Kind);
        Assert.Equal(text.Length, finding.Start + finding.Length);
    }

    [Fact]
    public void Secret_leak_categories_name_the_credential_kinds()
    {
        const string Output = "GITHUB_TOKEN=ghp_Xq7vR2mKp9LtW4zH8nBc3YdF6sJa1GeU5oQi and AWS AKIALALEMEL33243OLIB";
        var flags = Rules.EvaluateOutput(Output, false, false, false, out _);
        Assert.Equal(["secret_leak/github_token", "secret_leak/aws_access_key_id"], Rules.Categorize("", Output, flags));
    }

    [Fact]
    public void Scanning_any_string_never_throws_and_spans_stay_in_bounds()
    {
        // Anchors and token alphabets glued together reach the kind matchers far more often than uniform strings.
        string[] fragments =
        [
            "sk-", "sk-ant-api03-", "sk_live_", "ghp_", "github_pat_", "glpat-", "GR1348941", "xoxb-", "xoxp-", "xoxe-1-", "xoxe.xoxp-1-",
            "xapp-1-", "hooks.slack.com/services/", "AKIA", "A3T", "ACCA", "AIza", "AccountKey=", "Q~", "hf_", "npm_", "pypi-AgEIcHlwaS5vcmc",
            "LTAI", "AKID", "SG.", "SK", "AC", ":A", "MT", "Nz", "OD", "discord.com/api/webhooks/", "eyJ", ".ey", "-----BEGIN ",
            "-----END ", "PRIVATE KEY-----", "PGP PRIVATE KEY BLOCK-----", "\n", "\\n", "Version: 1\n", "...", "…", "PMAK-", "bot",
            "https://", "ptb.", "=", "-", "_", ".", "~", "：", "，",
        ];
        var piece = Gen.Frequency(
            (3, Gen.OneOfConst(fragments)),
            (3, Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"], 0, 80]),
            (1, Gen.String[Gen.Char["0123456789"], 1, 20]),
            (1, Gen.String));
        Gen.Frequency((4, piece.Array[0, 12].Select(parts => string.Concat(parts))), (1, Gen.String)).Sample(text =>
        {
            var spans = new List<SensitiveSpan>();
            bool found = SecretScanner.Scan(text, spans);
            Assert.Equal(found, spans.Count > 0);
            Assert.Equal(found, SecretScanner.Scan(text, null));
            foreach (var span in spans)
            {
                Assert.True(span.Start >= 0 && span.Length > 0 && span.Start + span.Length <= text.Length, $"span {span} in {text.Length} chars");
            }

            Assert.Equal(spans.Count, SecretScanner.Find(text).Count);
        }, iter: 3000);
    }

    [Fact]
    public void Searching_the_anchor_groups_in_one_pass_finds_what_two_passes_find()
    {
        // Real-format credentials of both anchor groups (four letters and more, two letters), pieces of them and prose,
        // glued in any order: matches overlap, nest and sit at the 32-character step edges.
        string[] fragments =
        [
            "AKIALALEMEL33243OLIB", "ACCA7Q2XR5MZK9P3LW8N", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "GR1348941xQ2vR7mK9pLtW4zH8nB",
            "SK8f3c2a9b7e6d5c4b3a2f1e0d9c8b7a6f", "AC8f3c2a9b7e6d5c4b3a2f1e0d9c8b7a6f", "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs", "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaX",
            "abc8Q~Xq7vR2mKp9LtW4zH8nBc3YdF6sJa1GeU5", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "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", "LTAI5tXq7vR2mKp9LtW4zH8n", "hvs.CAESIJ1Xq7vR2mKp9LtW4zH8nBc3YdF6",
            "AKIA", "SK", "AC", "MT", "Q~", ":A", "eyJ", "xox", "LTAI", "GR13", "丁丁", "the key is ", " and ", "\n", "：", "，",
        ];
        var text = Gen.Frequency(
                (4, Gen.OneOfConst(fragments)),
                (2, Gen.String[Gen.Char["ABCDEFabcdef0123456789"], 0, 40]),
                (1, Gen.String))
            .Array[0, 10]
            .Select(parts => string.Concat(parts));
        var kinds = new HashSet<string>();
        text.Sample(text =>
        {
            var twoPasses = SecretScanner.Find(text, vectorized: false);
            Assert.Equal(twoPasses, SecretScanner.Find(text, vectorized: true));
            kinds.UnionWith(twoPasses.Select(finding => finding.Kind));
        }, iter: 5000, threads: 1);

        // Not vacuous: kinds anchored in each group were found (AWS and Google in the first, Twilio, Discord, Telegram and
        // Azure AD in the two-letter one).
        Assert.Superset(
            new HashSet<string>([SecretKinds.AwsAccessKeyId, SecretKinds.GoogleApiKey, SecretKinds.TwilioApiKey, SecretKinds.TwilioAccountSid, SecretKinds.DiscordBotToken, SecretKinds.TelegramBotToken, SecretKinds.AzureAdClientSecret]),
            kinds);
    }
}

public class SecretSeparatorStepTests
{
    [Fact]
    public void The_vector_steps_find_around_separators_what_one_search_call_per_separator_finds()
    {
        // Credentials whose anchors hold '_' or '-', pieces of them, separators in prose and code, and characters whose
        // low byte is a separator (U+4E2D 中, U+015F ş, U+2D2D) or whose packing saturates to 0xFF or 0: glued in any
        // order, so separators fall on every place of a 32-character step and right at the text's ends.
        string[] fragments =
        [
            "ghp_R7kQ2vX9mL4pT8wZ3nB6cY1dF5gH0jK2aS4e", "github_pat_11ABCDEFG0aBcDeFgHiJkLmN_oPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ01",
            "glpat-Xq7vR2mKp9LtW4zH8nBc", "sk-proj-Xq7vR2mKp9LtW4zH8nBc3YdF6sJa1GeU5T3BlbkFJ", "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "sk_live_51Hq7vR2mKp9LtW4zH8nBc3Yd", "hf_Xq7vR2mKp9LtW4zH8nBc3YdF6sJa1GeU5", "npm_Xq7vR2mKp9LtW4zH8nBc3YdF6sJa1GeU5wQ",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n-----END RSA PRIVATE KEY-----",
            "AGE-SECRET-KEY-1QQPQ7VRZMKP9LTW4ZH8NBC3YDF6SJA1GEU5XQ7VRZMKP9LTW4ZH8NBC", "pplx-", "gsk_", "sk-", "_", "-", "--", "---", "- ", "\n- ",
            "well-known", "snake_case_name", "__init__", "a-b_c-d", "中", "ş", "\u2D2D", "\u005F", "\uFF2D", "\u012D", "丁丁", " ", "\n",
        ];
        var text = Gen.Frequency(
                (5, Gen.OneOfConst(fragments)),
                (2, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzEKPTX-_ "], 0, 40]),
                (1, Gen.String))
            .Array[0, 12]
            .Select(parts => string.Concat(parts));
        var kinds = new HashSet<string>();
        text.Sample(text =>
        {
            var searchCalls = SecretScanner.Find(text, vectorized: false);
            Assert.Equal(searchCalls, SecretScanner.Find(text, vectorized: true));
            kinds.UnionWith(searchCalls.Select(finding => finding.Kind));
        }, iter: 5000, threads: 1);

        // Not vacuous: kinds anchored on each separator were found, one of them through an anchor that starts with it.
        Assert.Superset(
            new HashSet<string>([SecretKinds.GitHubToken, SecretKinds.GitLabToken, SecretKinds.SlackToken, SecretKinds.PrivateKey]),
            kinds);
    }
}

public class SecretLeakFloorTests
{
    private static readonly FlagEvaluation Result = EvaluationCorpus.Of("secret_leak");

    [Fact]
    public void At_least_25_kinds_are_claimed_and_each_has_labelled_cases()
    {
        Assert.True(SecretKinds.All.Count >= 25, $"{SecretKinds.All.Count} kinds");
        Assert.Equal(SecretKinds.All.Count, SecretKinds.All.Distinct().Count());
        foreach (string kind in SecretKinds.All)
        {
            Assert.True(Result.ByKind.TryGetValue(kind, out var confusion) && confusion.TruePositives + confusion.FalseNegatives >= 4, $"{kind}: fewer than 4 positives");
        }

        var unknown = Result.ByKind.Keys.Except(SecretKinds.All).Except(["placeholder", "false_positive"]);
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_claimed_kind_has_recall_of_at_least_95_percent()
    {
        var below = SecretKinds.All.Where(kind => Result.ByKind[kind].Recall < 0.95).Select(kind => $"{kind}: {Result.ByKind[kind].Recall:0.000}");
        Assert.Empty(below);
    }

    [Fact]
    public void At_most_10_percent_of_placeholders_and_look_alikes_are_flagged()
    {
        var placeholder = Result.ByKind["placeholder"];
        var falsePositive = Result.ByKind["false_positive"];
        Assert.True(placeholder.TrueNegatives + placeholder.FalsePositives >= 30 && falsePositive.TrueNegatives + falsePositive.FalsePositives >= 30);
        double rate = (double)(placeholder.FalsePositives + falsePositive.FalsePositives)
            / (placeholder.FalsePositives + placeholder.TrueNegatives + falsePositive.FalsePositives + falsePositive.TrueNegatives);
        Assert.True(rate <= 0.10, $"flag rate on negatives {rate:0.000}");
    }

    [Fact]
    public void The_held_out_split_meets_the_same_floors()
    {
        var holdout = Result.BySplit["holdout"];
        Assert.True(holdout.TruePositives + holdout.FalseNegatives >= 40 && holdout.TrueNegatives + holdout.FalsePositives >= 10);
        Assert.True(holdout.Recall >= 0.95 && holdout.FalsePositiveRate <= 0.10, $"recall {holdout.Recall}, FP rate {holdout.FalsePositiveRate}");
    }
}
