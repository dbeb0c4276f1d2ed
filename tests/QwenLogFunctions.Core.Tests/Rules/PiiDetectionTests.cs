using CsCheck;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Rules.Evaluation;

namespace QwenLogFunctions.Core.Tests.Rules;

public class PiiDetectionTests
{
    private static readonly ComplianceRules Rules = new(new RuleOptions());

    private const RequestFlags PiiFlags = RequestFlags.PiiEmail | RequestFlags.PiiPhone | RequestFlags.PiiIdNumber | RequestFlags.PiiBankCard;

    private static RequestFlags Pii(string output) =>
        Rules.EvaluateOutput(output, false, false, false, out _) & PiiFlags;

    private static List<string> Found(string text, SensitiveKind kind)
    {
        var spans = new List<SensitiveSpan>();
        SensitiveDataScanner.Scan(text, spans);
        return spans.Where(s => s.Kind == kind).OrderBy(s => s.Start).Select(s => text.Substring(s.Start, s.Length)).ToList();
    }

    [Theory]
    [InlineData("jeff@臺網中心.tw")]
    [InlineData("我買@example.tld")]
    [InlineData("юзер@екзампл.ком")]
    [InlineData("用户@例子.广告")]
    [InlineData("θσερ@εχαμπλε.ψομ")]
    [InlineData("राम@मोहन.ईन्फो")]
    [InlineData("test@xn--hxajbheg2az3al.xn--jxalpdlp")]
    [InlineData("someone@xn--fsqu00a.cn")]
    [InlineData("\"quoted with space\"@example.com")]
    [InlineData("test@[255.255.255.255]")]
    [InlineData("user+mailbox/department=shipping@example.tld")]
    [InlineData("wangfang@163.com")]
    public void Internationalized_quoted_and_literal_addresses_are_emails(string address)
    {
        Assert.Equal(RequestFlags.PiiEmail, Pii("联系 " + address + " 即可") & RequestFlags.PiiEmail);
        Assert.Equal([address], Found("Mail " + address + " today", SensitiveKind.Email));
    }

    [Theory]
    [InlineData("请联系 zhang@example.com 谢谢", "zhang@example.com")]
    [InlineData("邮箱是zhang@example.com。", "zhang@example.com")]
    [InlineData("邮箱zhang@example.com谢谢", "zhang@example.com")]
    [InlineData("简历请投递至hr@company.cn，谢谢", "hr@company.cn")]
    [InlineData("联系方式：wang.fang@163.com；电话另告", "wang.fang@163.com")]
    [InlineData("见 **li@example.org**。", "li@example.org")]
    [InlineData("mail zhang@example.com-", "zhang@example.com")]
    [InlineData("Write to li.na@example.com.", "li.na@example.com")]
    public void An_address_in_chinese_prose_ends_where_the_address_ends(string text, string address) =>
        Assert.Equal([address], Found(text, SensitiveKind.Email));

    [Theory]
    [InlineData("logo@2x.png")]
    [InlineData("icon@3x.webp")]
    [InlineData("image@1.5x.jpg")]
    [InlineData("sprite@4X.gif")]
    [InlineData("hero@2x.avif")]
    [InlineData("photo@large.jpeg")]
    [InlineData("git@github.com:org/repo.git")]
    [InlineData("git clone git@gitlab.com:group/project.git")]
    [InlineData("rsync -a build/ deploy@web.example.com:/var/www")]
    [InlineData("ssh://git@github.com/org/repo.git")]
    [InlineData("git+ssh://git@github.com/org/repo.git")]
    [InlineData("https://admin:secret@example.com/")]
    [InlineData("user@localhost")]
    [InlineData("npm i @scope/pkg")]
    [InlineData("npm i @angular/core@17.0.1")]
    [InlineData("pkg@1.2.3")]
    [InlineData("pkg@1.0.0-rc.beta")]
    [InlineData("@Override")]
    [InlineData("this@MainActivity.finish()")]
    [InlineData("docker pull nginx@sha256:0a1b2c")]
    [InlineData("a@b")]
    [InlineData("x@y.z")]
    [InlineData("my email is info@presidio.")]
    public void Asset_names_remotes_packages_and_code_are_not_emails(string text) =>
        Assert.Equal(RequestFlags.None, Pii(text) & RequestFlags.PiiEmail);

    [Theory]
    [InlineData("138-0013-8000", "138-0013-8000")]
    [InlineData("138 0013 8000", "138 0013 8000")]
    [InlineData("+86-138-0013-8000", "138-0013-8000")]
    [InlineData("+86 138 0013 8000", "138 0013 8000")]
    [InlineData("0086 138 0013 8000", "138 0013 8000")]
    [InlineData("(+86) 13800138000", "13800138000")]
    [InlineData("0086 13800138000", "13800138000")]
    [InlineData("+8613800138000", "8613800138000")]
    [InlineData("手机13800138000，微信同号", "13800138000")]
    [InlineData("call 13800138000.", "13800138000")]
    [InlineData("13800138000,13900139000", "13800138000")]
    public void Mainland_mobiles_are_found_grouped_or_with_a_country_code(string text, string phone) =>
        Assert.Equal(phone, Found(text, SensitiveKind.Phone).First());

    [Theory]
    [InlineData("15812345678.00 元")]
    [InlineData("13800138000 元")]
    [InlineData("¥13800138000")]
    [InlineData("￥ 13800138000")]
    [InlineData("$18612345678")]
    [InlineData("13800138000.5")]
    [InlineData("0.13800138000")]
    [InlineData("1380013800012")]
    [InlineData("ts 1380013800012")]
    [InlineData("订单号DD13800138000")]
    [InlineData("SO13800138000")]
    [InlineData("138-0013-8000-12")]
    [InlineData("2024-138-0013-8000")]
    [InlineData("not a phone 12812345678")]
    [InlineData("138-0013 8000")]
    public void Amounts_decimals_longer_numbers_and_order_numbers_are_not_phones(string text) =>
        Assert.Equal(RequestFlags.None, Pii(text) & RequestFlags.PiiPhone);

    [Theory]
    [InlineData("ID110101199003071233")]
    [InlineData("身份证号110101199003071233")]
    [InlineData("idcard:11010519491231002X")]
    [InlineData("sfz11010519491231002x。")]
    [InlineData("No.110101199003071233")]
    public void Id_numbers_right_after_a_word_are_found(string text) =>
        Assert.Equal(RequestFlags.PiiIdNumber, Pii(text));

    [Theory]
    [InlineData("a3f110101199003071233bc")]
    [InlineData("deadbeef110101199003071233")]
    [InlineData("cafe110101199003071233 ok")]
    [InlineData("0x110101199003071233")]
    [InlineData("v2ID110101199003071233")]
    [InlineData("idcard:11010119900307123X")] // check character should be 3
    [InlineData("110101199003071233.5")]
    public void Id_shaped_digits_inside_hex_strings_or_failing_the_check_are_not_ids(string text) =>
        Assert.Equal(RequestFlags.None, Pii(text) & RequestFlags.PiiIdNumber);

    [Theory]
    [InlineData("490154203237518")]
    [InlineData("device 352099001761481 registered")]
    [InlineData("350077-52-323751-3")]
    [InlineData("IMEI: 35-417803-685978-9")]
    [InlineData("IMEI 4012888888881881")] // a device identity by name, whatever its digits
    [InlineData("IMEI/MEID: 35 693803 564380 9")]
    public void Imeis_are_not_cards(string text) =>
        Assert.Equal(RequestFlags.None, Pii(text) & RequestFlags.PiiBankCard);

    [Theory]
    [InlineData("378282246310005")] // Amex, the one 15-digit card brand
    [InlineData("371449635398431")]
    [InlineData("621234567890003")] // 15-digit UnionPay: 62 is no IMEI reporting body
    [InlineData("4222222222222")] // 13-digit Visa
    [InlineData("30569309025904")]
    [InlineData("6217 0012 3456 7890 122")]
    [InlineData("4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881")]
    [InlineData("5000000000000000005")]
    public void Cards_of_every_length_stay_cards(string text) =>
        Assert.Equal(RequestFlags.PiiBankCard, Pii(text));

    [Fact]
    public void Each_grouped_card_in_a_list_is_masked()
    {
        string text = "4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881";
        Assert.Equal(["4012888888881881", "4012-8888-8888-1881", "4012 8888 8888 1881"], Found(text, SensitiveKind.BankCard));
    }

    [Fact]
    public void Any_text_scans_without_throwing_and_spans_stay_in_bounds_without_overlapping_their_kind()
    {
        var pieces = Gen.OneOfConst(
            "@", ".", "-", " ", "x", "X", "1", "13800138000", "138-0013-8000", "+86 ", "110101199003071233", "11010519491231002", "4111 1111 1111 1111",
            "490154203237518", "zhang", "@example.com", "臺網中心", ".tw", "\"", "[1.2.3.4]", "¥", "元", "。", "xn--", "2x.png", ":", "//", "IMEI", "\uD800", "\0");
        var text = Gen.Frequency(
            (2, Gen.String[Gen.Char, 0, 200]),
            (3, pieces.Array[0, 30].Select(parts => string.Concat(parts))));
        text.Sample(sample =>
        {
            var spans = new List<SensitiveSpan>();
            int kinds = SensitiveDataScanner.Scan(sample, spans);
            foreach (var group in spans.Where(s => s.Kind != SensitiveKind.Secret).GroupBy(s => s.Kind))
            {
                Assert.NotEqual(0, kinds & SensitiveDataScanner.KindBit(group.Key));
                int previousEnd = 0;
                foreach (var span in group.OrderBy(s => s.Start))
                {
                    Assert.True(span.Start >= 0 && span.Length > 0 && span.Start + span.Length <= sample.Length, $"{span} in {sample.Length}");
                    Assert.True(span.Start >= previousEnd, $"{group.Key} spans overlap in \"{sample}\"");
                    previousEnd = span.Start + span.Length;
                }
            }

            Assert.Equal(kinds, SensitiveDataScanner.Scan(sample));
        }, iter: 3000);
    }
}

public class PiiCorpusFloorTests
{
    [Fact]
    public void Email_recall_is_at_least_95_percent_overall_and_on_internationalized_addresses()
    {
        var result = EvaluationCorpus.Of("pii_email");
        Assert.True(result.Overall.Recall >= 0.95, $"recall {result.Overall.Recall}");
        Assert.True(result.ByKind["internationalized"].Recall >= 0.95, $"internationalized recall {result.ByKind["internationalized"].Recall}");
    }

    [Theory]
    [InlineData("pii_email", 0.95, 0.95)]
    [InlineData("pii_phone", 0.95, 0.90)]
    [InlineData("pii_id_number", 0.95, 0.90)]
    [InlineData("pii_bank_card", 0.95, 0.95)]
    public void Each_pii_flag_meets_its_floors_overall_and_on_the_held_out_split(string flag, double precision, double recall)
    {
        var result = EvaluationCorpus.Of(flag);
        Assert.True(result.Overall.Precision >= precision, $"{flag} precision {result.Overall.Precision}");
        Assert.True(result.Overall.Recall >= recall, $"{flag} recall {result.Overall.Recall}");
        var holdout = result.BySplit["holdout"];
        Assert.True(holdout.TruePositives + holdout.FalseNegatives >= 4 && holdout.FalsePositives + holdout.TrueNegatives >= 4, $"{flag} hold-out too small");
        Assert.True(holdout.Precision >= precision - 0.1 && holdout.Recall >= recall - 0.1, $"{flag} hold-out: precision {holdout.Precision}, recall {holdout.Recall}");
    }
}
