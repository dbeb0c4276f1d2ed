using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QwenLogFunctions.Core.Rules;

/// <summary>A credential found in a text: where it is and its kind (one of <see cref="SecretKinds"/>).</summary>
public readonly record struct SecretFinding(int Start, int Length, string Kind);

/// <summary>
/// Finds credentials in text (the kinds of <see cref="SecretKinds"/>, shapes taken from the gitleaks rules). Vectorized
/// searches for the kinds' fixed anchors ("ghp_", "xox", "-----BEGIN ", ":A", …) find the candidates, so text without
/// any anchor costs a few fast passes; each candidate is then checked against its kind's exact shape (charset, length,
/// boundaries, structure) and rejected when it looks like a documentation placeholder: placeholder words ("EXAMPLE",
/// "your", "xxxx", …), low Shannon entropy, long runs of one character, ascending sequences ("1234567890abcdef"),
/// published example keys, or a private-key block without a real body.
/// </summary>
public static class SecretScanner
{
    // Every anchor is a literal that a candidate of some kind starts with (or, for Azure AD secrets and Telegram
    // tokens, contains at a fixed place; for Discord webhooks, contains after one of two hosts).
    private static readonly string[] Anchors =
    [
        "-----BEGIN ", "AKIA", "ASIA", "ABIA", "ACCA", "A3T", "AIza", "GOCSPX-", "AccountKey=", "SharedAccessKey=", "LTAI", "AKID", "SG.",
        "GR1348941", "AGE-SECRET-KEY-1", "HRKU-AA", "PMAK-", "sk-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "xox", "hf_", "npm_", "eyJ",
        "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "glptt-", "glrt-", "gldt-", "glcbt-", "glft-", "glimt-", "glagent-",
        "gloas-", "glsoat-", "glffct-",
        "shpat_", "shpca_", "shppa_", "shpss_", "dop_v1_", "doo_v1_", "dor_v1_", "dapi", "hvs.", "hvb.", "gsk_", "pplx-", "lin_api_", "pul-", "sntryu_", "dp.pt.",
        "xapp-", "hooks.slack.com/", "api_org_", "pypi-AgEIcHlwaS5vcmc", "/api/webhooks/", "sk_prod_", "rk_prod_",

        // Two-letter anchors (Twilio "SK"/"AC", the base64 user-id openings of Discord tokens, Azure's "Q~", Telegram's
        // ":A") are upper case or punctuation, rare in prose, and their checks fail fast.
        "SK", "AC", ":A", "Q~", "MT", "Mj", "Mz", "ND", "NT", "Nj", "Nz", "OD", "OT",
    ];

    // How the anchors are searched. Most hold '_' or '-': a search for those two characters (the fastest kind of
    // search there is, and both are rare in prose) finds them, and the anchors are compared around each hit, narrowed by the
    // character before it. The rest go to multi-string searches in two small groups: measured on generated model
    // output, one multi-string search over all 80 anchors cost about 40 times a 13-anchor one (many lower-case and
    // two-letter anchors make it test most positions). On the 100,000-line benchmark file, one thread: five groups of
    // all anchors took 1.40 µs per output, this 0.98 µs; one group for the rest 1.88 µs, '=', '~' and ':' as
    // separators too 1.15 µs.
    // (The vector walk, FindAroundSeparatorsVectorized, compares with these two characters as constants.)
    private const string Separators = "_-";
    private static readonly SearchValues<char> SeparatorChars = SearchValues.Create(Separators);

    // [separator][character before it, or 0 when the anchor starts with it] => the anchors and the separator's offset in each.
    private static readonly (string Anchor, int Offset)[]?[][] AnchorsBySeparator = BuildSeparatorIndex();

    private static readonly string[][] AnchorGroupLiterals =
    [
        [.. Anchors.Where(anchor => FirstSeparator(anchor) < 0 && anchor.Length > 2)],
        [.. Anchors.Where(anchor => FirstSeparator(anchor) < 0 && anchor.Length <= 2)],
    ];

    private static readonly SearchValues<string>[] AnchorGroups = [.. AnchorGroupLiterals.Select(group => SearchValues.Create(group, StringComparison.Ordinal))];

    // Both groups in one pass where the processor has the vector steps for it: one search instead of two over every
    // output (the two-letter group alone was 2.4% of one-thread analyze CPU, the other 3.9%). Each group keeps its own
    // resume position, so the matches are those of the two searches one after the other.
    private static readonly MultiLiteralSearch AnchorSearch = new([.. AnchorGroupLiterals.SelectMany(group => group)]);
    private static readonly ulong FirstGroupMask = (1UL << AnchorGroupLiterals[0].Length) - 1;

    // Kinds recognised by a literal prefix followed by a run of one character class of bounded length.
    private static readonly PrefixRule[] PrefixRules =
    [
        new("ghp_", SecretKinds.GitHubToken, CharSet.Alnum, 30, 255),
        new("gho_", SecretKinds.GitHubToken, CharSet.Alnum, 30, 255),
        new("ghu_", SecretKinds.GitHubToken, CharSet.Alnum, 30, 255),
        new("ghs_", SecretKinds.GitHubToken, CharSet.Alnum, 30, 255),
        new("ghr_", SecretKinds.GitHubToken, CharSet.Alnum, 30, 255),
        new("github_pat_", SecretKinds.GitHubFineGrainedPat, CharSet.Word, 50, 255),
        new("glpat-", SecretKinds.GitLabToken, CharSet.WordHyphen | CharSet.Dot, 20, 300),
        new("glptt-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("glrt-", SecretKinds.GitLabToken, CharSet.WordHyphen | CharSet.Dot, 20, 300),
        new("gldt-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("glcbt-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("glft-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("glimt-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("glagent-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("gloas-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("glsoat-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("glffct-", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("GR1348941", SecretKinds.GitLabToken, CharSet.WordHyphen, 20, 300),
        new("AIza", SecretKinds.GoogleApiKey, CharSet.WordHyphen, 33, 37),
        new("GOCSPX-", SecretKinds.GoogleOAuthClientSecret, CharSet.WordHyphen, 28, 28),
        new("AccountKey=", SecretKinds.AzureStorageKey, CharSet.Base64, 40, 120, AnyCharBefore: true),
        new("SharedAccessKey=", SecretKinds.AzureStorageKey, CharSet.Base64, 40, 120, AnyCharBefore: true),
        new("hf_", SecretKinds.HuggingFaceToken, CharSet.Alnum, 30, 40, MixedCase: true),
        new("api_org_", SecretKinds.HuggingFaceToken, CharSet.Alnum, 30, 40, MixedCase: true),
        new("sk_live_", SecretKinds.StripeSecretKey, CharSet.Alnum, 16, 128),
        new("sk_test_", SecretKinds.StripeSecretKey, CharSet.Alnum, 16, 128),
        new("sk_prod_", SecretKinds.StripeSecretKey, CharSet.Alnum, 16, 128),
        new("rk_live_", SecretKinds.StripeSecretKey, CharSet.Alnum, 16, 128),
        new("rk_test_", SecretKinds.StripeSecretKey, CharSet.Alnum, 16, 128),
        new("rk_prod_", SecretKinds.StripeSecretKey, CharSet.Alnum, 16, 128),
        new("npm_", SecretKinds.NpmToken, CharSet.Alnum, 30, 40),
        new("pypi-AgEIcHlwaS5vcmc", SecretKinds.PyPiToken, CharSet.WordHyphen, 50, 2000),
        new("LTAI", SecretKinds.AlibabaAccessKeyId, CharSet.Alnum, 12, 20),
        new("AKID", SecretKinds.TencentSecretId, CharSet.Alnum, 32, 32),
        new("shpat_", SecretKinds.ShopifyToken, CharSet.Hex, 32, 32),
        new("shpca_", SecretKinds.ShopifyToken, CharSet.Hex, 32, 32),
        new("shppa_", SecretKinds.ShopifyToken, CharSet.Hex, 32, 32),
        new("shpss_", SecretKinds.ShopifyToken, CharSet.Hex, 32, 32),
        new("dop_v1_", SecretKinds.DigitalOceanToken, CharSet.LowerHex, 64, 64),
        new("doo_v1_", SecretKinds.DigitalOceanToken, CharSet.LowerHex, 64, 64),
        new("dor_v1_", SecretKinds.DigitalOceanToken, CharSet.LowerHex, 64, 64),
        new("dapi", SecretKinds.DatabricksToken, CharSet.LowerHex, 32, 32),
        new("AGE-SECRET-KEY-1", SecretKinds.AgeSecretKey, CharSet.Upper | CharSet.Digit, 58, 58),
        new("hvs.", SecretKinds.VaultToken, CharSet.WordHyphen, 90, 120),
        new("hvb.", SecretKinds.VaultToken, CharSet.WordHyphen, 138, 300),
        new("gsk_", SecretKinds.GroqApiKey, CharSet.Alnum, 52, 52),
        new("pplx-", SecretKinds.PerplexityApiKey, CharSet.Alnum, 48, 48),
        new("lin_api_", SecretKinds.LinearApiKey, CharSet.Alnum, 40, 40),
        new("pul-", SecretKinds.PulumiToken, CharSet.LowerHex, 40, 40),
        new("HRKU-AA", SecretKinds.HerokuApiKey, CharSet.WordHyphen, 58, 58),
        new("sntryu_", SecretKinds.SentryToken, CharSet.LowerHex, 64, 64),
        new("dp.pt.", SecretKinds.DopplerToken, CharSet.Alnum, 43, 43),
    ];

    // Keys published in vendor documentation and SDK samples: quoting them is not a leak.
    private static readonly string[] PublishedExamples =
    [
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", // Azurite's well-known key
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_BQokikJOvBiI2HlWgH4olfQ2", // Stripe documentation
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", // signature of the jwt.io example token
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a", // GitHub documentation
        "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", // Telegram Bot API documentation
        // Example Google API keys of firebase-android-sdk (gitleaks' gcp-api-key allowlist).
        "AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs", "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM",
        "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU", "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
        "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c", "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4", "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY",
        "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM", "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ", "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
        "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU", "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw", "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE",
        "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
    ];

    // Words that only a placeholder contains. Short ones are checked only in short bodies, where a random token could
    // not plausibly contain them; "test" and "fake" are left out because real-format samples and Stripe test keys use them.
    private static readonly string[] PlaceholderWords = ["example", "placeholder", "dummy", "sample", "redacted", "changeme", "replace", "insert", "your", "xxxx"];
    private static readonly string[] LongPlaceholderWords = ["example", "placeholder", "redacted", "changeme"];

    [Flags]
    private enum CharSet
    {
        Lower = 1,
        Upper = 2,
        Digit = 4,
        Underscore = 8,
        Hyphen = 16,
        Dot = 32,
        Plus = 64,
        Slash = 128,
        Equals = 256,
        Tilde = 512,
        HexLetterLower = 1024,
        HexLetterUpper = 2048,
        Alnum = Lower | Upper | Digit,
        Word = Alnum | Underscore,
        WordHyphen = Word | Hyphen,
        Base64 = Alnum | Plus | Slash | Equals,
        Hex = Digit | HexLetterLower | HexLetterUpper,
        LowerHex = Digit | HexLetterLower,
    }

    private sealed record PrefixRule(string Prefix, string Kind, CharSet Body, int Min, int Max, bool MixedCase = false, bool AnyCharBefore = false);

    /// <summary>
    /// Scans <paramref name="text"/> for credentials. Returns whether any was found; when <paramref name="spans"/> is
    /// given, adds a <see cref="SensitiveKind.Secret"/> span covering each one (otherwise stops at the first).
    /// </summary>
    public static bool Scan(ReadOnlySpan<char> text, List<SensitiveSpan>? spans)
    {
        if (spans is null)
        {
            return FindAll(text, null);
        }

        var findings = Find(text);
        foreach (var finding in findings)
        {
            spans.Add(new SensitiveSpan(finding.Start, finding.Length, SensitiveKind.Secret));
        }

        return findings.Count > 0;
    }

    /// <summary>Every credential in <paramref name="text"/>, in order of position, with its kind; overlapping matches are merged into the first.</summary>
    public static IReadOnlyList<SecretFinding> Find(ReadOnlySpan<char> text)
    {
        var findings = new List<SecretFinding>();
        FindAll(text, findings);
        return Merge(findings);
    }

    // Sorted by position, longest first, and each finding that overlaps the one kept before it dropped.
    private static List<SecretFinding> Merge(List<SecretFinding> findings)
    {
        if (findings.Count < 2)
        {
            return findings;
        }

        findings.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var merged = new List<SecretFinding>(findings.Count);
        foreach (var finding in findings)
        {
            if (merged.Count == 0 || finding.Start >= merged[^1].Start + merged[^1].Length)
            {
                merged.Add(finding);
            }
        }

        return merged;
    }

    // Adds every match to findings (overlaps are merged by the caller); without a list, stops at the first and
    // returns whether there was one.
    private static bool FindAll(ReadOnlySpan<char> text, List<SecretFinding>? findings) =>
        FindAll(text, findings, MultiLiteralSearch.IsVectorized);

    /// <summary>
    /// As <see cref="Find(ReadOnlySpan{char})"/>, with the steps a processor without AVX2 takes (separators found one
    /// search call at a time, the anchor groups searched one after the other) or with the vector steps.
    /// </summary>
    internal static IReadOnlyList<SecretFinding> Find(ReadOnlySpan<char> text, bool vectorized)
    {
        var findings = new List<SecretFinding>();
        FindAll(text, findings, vectorized);
        return Merge(findings);
    }

    private static bool FindAll(ReadOnlySpan<char> text, List<SecretFinding>? findings, bool vectorized)
    {
        bool found = vectorized ? FindAroundSeparatorsVectorized(text, findings) : FindAroundSeparators(text, findings);
        if (found && findings is null)
        {
            return true;
        }

        if (vectorized)
        {
            return FindInBothGroups(text, findings) | found;
        }

        foreach (var anchors in AnchorGroups)
        {
            found |= FindInGroup(text, anchors, findings);
            if (found && findings is null)
            {
                return true;
            }
        }

        return found;
    }

    private static int FirstSeparator(string anchor) => anchor.AsSpan().IndexOfAny(SeparatorChars);

    private static (string Anchor, int Offset)[]?[][] BuildSeparatorIndex()
    {
        var index = new (string Anchor, int Offset)[]?[Separators.Length][];
        for (int s = 0; s < Separators.Length; s++)
        {
            var lists = new List<(string, int)>?[128];
            foreach (string anchor in Anchors)
            {
                // Each anchor is found through the first separator it holds, at its first place.
                int offset = FirstSeparator(anchor);
                if (offset < 0 || anchor[offset] != Separators[s])
                {
                    continue;
                }

                int before = offset == 0 ? 0 : anchor[offset - 1];
                (lists[before] ??= []).Add((anchor, offset));
            }

            index[s] = [.. lists.Select(list => list?.ToArray())];
        }

        return index;
    }

    // Anchors holding a separator: each occurrence of one is checked against the anchors with that character before
    // it (and those starting with it). Every occurrence of such an anchor has its separator at its offset, so none is
    // missed; matches are added as FindInGroup adds them. Both separators are found in one pass (a pass each was about
    // 0.8% of one-thread analyze CPU apiece), with a skip mark per separator, as when they were searched one after the
    // other.
    private static bool FindAroundSeparators(ReadOnlySpan<char> text, List<SecretFinding>? findings)
    {
        bool found = false;
        int position = 0, skipUntilUnderscore = 0, skipUntilHyphen = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(SeparatorChars);
            if (offset < 0)
            {
                break;
            }

            int at = position + offset;
            position = at + 1;
            bool underscore = text[at] == Separators[0];
            var byBefore = AnchorsBySeparator[underscore ? 0 : 1];
            ref int skipUntil = ref underscore ? ref skipUntilUnderscore : ref skipUntilHyphen;
            char before = at > 0 ? text[at - 1] : '\0';
            if (before is > '\0' and < (char)128)
            {
                found |= TryAnchors(text, at, byBefore[before], findings, ref skipUntil);
            }

            found |= TryAnchors(text, at, byBefore[0], findings, ref skipUntil);
            if (found && findings is null)
            {
                return true;
            }
        }

        return found;
    }

    // FindAroundSeparators with the separators found 32 characters a step by a loop of its own: each '-' and '_' of
    // model text (list bullets, hyphenated words, snake_case) cost a return from the framework's search and a new
    // call to it, and most are not in any anchor (no anchor has a space, a line break or most letters before its
    // separator). The occurrences are taken in the order of the text and checked as there, so the matches are the same.
    private static bool FindAroundSeparatorsVectorized(ReadOnlySpan<char> text, List<SecretFinding>? findings)
    {
        var scan = new SeparatorScan(findings);
        if (text.Length < StepChars)
        {
            for (int at = 0; at < text.Length; at++)
            {
                if (text[at] is '_' or '-' && scan.Check(text, at))
                {
                    return true;
                }
            }

            return scan.Found;
        }

        int i = 0;
        for (; i + StepChars <= text.Length; i += StepChars)
        {
            if (scan.Step(text, i, SeparatorsIn(text, i)))
            {
                return true;
            }
        }

        // The last characters by one more step that ends at the text's end, without the ones already taken.
        int last = text.Length - StepChars;
        return (i < text.Length && scan.Step(text, last, SeparatorsIn(text, last) >> (i - last) << (i - last))) || scan.Found;
    }

    private const int StepChars = PackedChars.Count;

    // Bit k: character start + k is one of the two Separators (in the order of the text, as the skip marks need).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SeparatorsIn(ReadOnlySpan<char> text, int start)
    {
        var bytes = PackedChars.Load(ref Unsafe.As<char, short>(ref MemoryMarshal.GetReference(text)), start);
        return (Vector256.Equals(bytes, Vector256.Create((byte)'_')) | Vector256.Equals(bytes, Vector256.Create((byte)'-'))).ExtractMostSignificantBits();
    }

    /// <summary>The state of one text's walk over its separators: the skip mark of each, and whether anything was found.</summary>
    private ref struct SeparatorScan(List<SecretFinding>? findings)
    {
        // Read once per text, not once per separator (each read of a static checks that the class is initialized).
        private readonly (string Anchor, int Offset)[]?[] _underscoreAnchors = AnchorsBySeparator[0];
        private readonly (string Anchor, int Offset)[]?[] _hyphenAnchors = AnchorsBySeparator[1];
        private readonly bool[] _underscoreStarts = AnchorStartFollowers[0];
        private readonly bool[] _hyphenStarts = AnchorStartFollowers[1];
        private int _skipUntilUnderscore;
        private int _skipUntilHyphen;

        public bool Found { get; private set; }

        /// <summary>Checks the separators of one step (bit k: character start + k); true when the walk is done (one found, none asked for).</summary>
        public bool Step(ReadOnlySpan<char> text, int start, uint separators)
        {
            while (separators != 0)
            {
                int at = start + BitOperations.TrailingZeroCount(separators);
                separators &= separators - 1;
                if (Check(text, at))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The anchors around the separator at <paramref name="at"/>, as FindAroundSeparators checks them; the character
        /// before it and the one after it are looked up first, in place: most separators have neither a listed
        /// character before them nor the start of an anchor after them. True when the walk is done.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Check(ReadOnlySpan<char> text, int at)
        {
            bool isUnderscore = text[at] == '_';
            var byBefore = isUnderscore ? _underscoreAnchors : _hyphenAnchors;
            char before = at > 0 ? text[at - 1] : '\0';
            var beforeList = before is > '\0' and < (char)128 ? byBefore[before] : null;
            int after = at + 1 < text.Length ? Math.Min((int)text[at + 1], NoAsciiFollower) : NoAsciiFollower;
            var startList = (isUnderscore ? _underscoreStarts : _hyphenStarts)[after] ? byBefore[0] : null;
            if (beforeList is null && startList is null)
            {
                return false;
            }

            bool found = CheckAnchors(text, at, beforeList, startList, findings, ref isUnderscore ? ref _skipUntilUnderscore : ref _skipUntilHyphen);
            Found |= found;
            return found && findings is null;
        }

        private static bool CheckAnchors(ReadOnlySpan<char> text, int at, (string Anchor, int Offset)[]? beforeList, (string Anchor, int Offset)[]? startList, List<SecretFinding>? findings, ref int skipUntil)
        {
            bool found = TryAnchors(text, at, beforeList, findings, ref skipUntil);
            return found && findings is null ? found : TryAnchors(text, at, startList, findings, ref skipUntil) | found;
        }
    }

    // AnchorStartFollowers' entry for the end of the text or a character outside ASCII after the separator.
    private const int NoAsciiFollower = 128;

    // [separator][character after it, NoAsciiFollower for none in ASCII] => whether an anchor that starts with the
    // separator can start there: its second character is that one ("-----BEGIN " after "--"), or it has none.
    private static readonly bool[][] AnchorStartFollowers = BuildAnchorStartFollowers();

    private static bool[][] BuildAnchorStartFollowers()
    {
        var followers = new bool[Separators.Length][];
        for (int s = 0; s < Separators.Length; s++)
        {
            followers[s] = new bool[NoAsciiFollower + 1];
            foreach (var (anchor, _) in AnchorsBySeparator[s][0] ?? [])
            {
                if (anchor.Length < 2)
                {
                    Array.Fill(followers[s], true);
                }
                else
                {
                    followers[s][Math.Min((int)anchor[1], NoAsciiFollower)] = true;
                }
            }
        }

        return followers;
    }

    private static bool TryAnchors(ReadOnlySpan<char> text, int separatorAt, (string Anchor, int Offset)[]? anchors, List<SecretFinding>? findings, ref int skipUntil)
    {
        if (anchors is null)
        {
            return false;
        }

        bool found = false;
        foreach (var (anchor, offset) in anchors)
        {
            int at = separatorAt - offset;
            if (at < skipUntil || at + anchor.Length > text.Length || !text.Slice(at, anchor.Length).SequenceEqual(anchor))
            {
                continue;
            }

            if (TryMatch(text, at, out int start, out int length, out string kind))
            {
                if (findings is null)
                {
                    return true;
                }

                findings.Add(new SecretFinding(start, length, kind));
                found = true;
                skipUntil = Math.Max(skipUntil, start + length);
            }
        }

        return found;
    }

    // FindInGroup for both groups at once: a position where anchors of both start is matched once for both.
    private static bool FindInBothGroups(ReadOnlySpan<char> text, List<SecretFinding>? findings)
    {
        bool found = false;
        int position = 0, firstResumesAt = 0, secondResumesAt = 0;
        while (position < text.Length)
        {
            int at = AnchorSearch.IndexOfAny(text, position, out ulong anchors);
            if (at < 0)
            {
                break;
            }

            bool first = (anchors & FirstGroupMask) != 0 && at >= firstResumesAt;
            bool second = (anchors & ~FirstGroupMask) != 0 && at >= secondResumesAt;
            if ((first || second) && TryMatch(text, at, out int start, out int length, out string kind))
            {
                if (findings is null)
                {
                    return true;
                }

                findings.Add(new SecretFinding(start, length, kind));
                found = true;
                firstResumesAt = first ? Math.Max(at + 1, start + length) : firstResumesAt;
                secondResumesAt = second ? Math.Max(at + 1, start + length) : secondResumesAt;
            }

            position = Math.Max(at + 1, Math.Min(firstResumesAt, secondResumesAt));
        }

        return found;
    }

    // Adds the group's matches to findings; without a list, stops at the first and returns whether there was one.
    private static bool FindInGroup(ReadOnlySpan<char> text, SearchValues<string> anchors, List<SecretFinding>? findings)
    {
        bool found = false;
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(anchors);
            if (offset < 0)
            {
                break;
            }

            int at = position + offset;
            if (TryMatch(text, at, out int start, out int length, out string kind))
            {
                if (findings is null)
                {
                    return true;
                }

                findings.Add(new SecretFinding(start, length, kind));
                found = true;
                position = Math.Max(at + 1, start + length);
            }
            else
            {
                position = at + 1;
            }
        }

        return found;
    }

    private static bool TryMatch(ReadOnlySpan<char> text, int at, out int start, out int length, out string kind)
    {
        start = at;
        length = 0;
        kind = "";
        var rest = text[at..];
        switch (rest[0])
        {
            case '-':
                return MatchPrivateKey(text, at, ref length, ref kind);
            case 's' when rest.StartsWith("sk-ant-"):
                kind = SecretKinds.AnthropicApiKey;
                return MatchAnthropic(text, at, ref length);
            case 's' when rest.StartsWith("sk-"):
                kind = SecretKinds.OpenAiApiKey;
                return MatchOpenAi(text, at, ref length);
            case 'x' when rest.StartsWith("xox"):
                kind = SecretKinds.SlackToken;
                return MatchSlack(text, at, ref length);
            case 'x' when rest.StartsWith("xapp-"):
                kind = SecretKinds.SlackAppToken;
                return MatchSlackApp(text, at, ref length);
            case 'h' when rest.StartsWith("hooks.slack.com/"):
                kind = SecretKinds.SlackWebhook;
                return MatchSlackWebhook(text, at, ref start, ref length);
            case '/' when rest.StartsWith("/api/webhooks/"):
                kind = SecretKinds.DiscordWebhook;
                return DiscordHostBefore(text, at) is int host and >= 0 && MatchDiscordWebhook(text, host, ref start, ref length);
            case 'e':
                kind = SecretKinds.Jwt;
                return MatchJwt(text, at, ref length);
            case 'Q':
                kind = SecretKinds.AzureAdClientSecret;
                return MatchAzureAdSecret(text, at, ref start, ref length);
            case ':':
                kind = SecretKinds.TelegramBotToken;
                return MatchTelegram(text, at, ref start, ref length);
            case 'M' or 'N' or 'O':
                kind = SecretKinds.DiscordBotToken;
                return MatchDiscordBot(text, at, ref length);
            case 'S' when rest.StartsWith("SG."):
                kind = SecretKinds.SendGridApiKey;
                return MatchSendGrid(text, at, ref length);
            case 'S' when rest.StartsWith("SK"):
                kind = SecretKinds.TwilioApiKey;
                return MatchTwilio(text, at, ref length);
            case 'P':
                kind = SecretKinds.PostmanApiKey;
                return MatchPostman(text, at, ref length);
            case 'A' when rest.StartsWith("AKIA") || rest.StartsWith("ASIA") || rest.StartsWith("ABIA") || rest.StartsWith("ACCA") || rest.StartsWith("A3T"):
                kind = SecretKinds.AwsAccessKeyId;
                if (MatchAws(text, at, ref length))
                {
                    return true;
                }

                // "ACCA…" may still be a Twilio account sid.
                kind = SecretKinds.TwilioAccountSid;
                return rest.StartsWith("AC") && MatchTwilio(text, at, ref length);
            case 'A' when rest.StartsWith("AC"):
                kind = SecretKinds.TwilioAccountSid;
                return MatchTwilio(text, at, ref length);
        }

        foreach (var rule in PrefixRules)
        {
            if (rest.StartsWith(rule.Prefix, StringComparison.Ordinal))
            {
                kind = rule.Kind;
                return MatchPrefixRule(text, at, rule, ref length);
            }
        }

        return false;
    }

    private static bool MatchPrefixRule(ReadOnlySpan<char> text, int at, PrefixRule rule, ref int length)
    {
        if (!rule.AnyCharBefore && !StartsWord(text, at))
        {
            return false;
        }

        int bodyStart = at + rule.Prefix.Length;
        int end = Run(text, bodyStart, rule.Body, rule.Max + 1);
        if ((rule.Body & CharSet.Dot) != 0)
        {
            end = TrimEnd(text, bodyStart, end, '.');
        }

        int bodyLength = end - bodyStart;
        if (bodyLength < rule.Min || bodyLength > rule.Max || !EndsWord(text, end))
        {
            return false;
        }

        var body = text[bodyStart..end];
        if (rule.MixedCase && !(body.ContainsAnyInRange('a', 'z') && body.ContainsAnyInRange('A', 'Z')))
        {
            return false;
        }

        double minimumEntropy = rule.Body is CharSet.LowerHex or CharSet.Hex ? 2.8 : 3.0;
        return Credible(text[at..end], body, minimumEntropy, ref length);
    }

    private static bool MatchOpenAi(ReadOnlySpan<char> text, int at, ref int length)
    {
        if (!StartsWord(text, at))
        {
            return false;
        }

        int bodyStart = at + 3;
        int end = TrimEnd(text, bodyStart, Run(text, bodyStart, CharSet.WordHyphen, 400), '-');
        var body = text[bodyStart..end];

        // Hyphenated words ("sk-learn-tutorial-…", CSS class names) are not keys: a key has one long random segment.
        return body.Length is >= 20 and < 400 && EndsWord(text, end) && body.ContainsAnyInRange('0', '9') && body.ContainsAnyInRange('a', 'z')
            && LongestSegment(body) >= 16 && Credible(text[at..end], body, 3.0, ref length);
    }

    private static bool MatchAnthropic(ReadOnlySpan<char> text, int at, ref int length)
    {
        if (!StartsWord(text, at))
        {
            return false;
        }

        // sk-ant-<family><2 digits>-<body>: api03 and admin01 keys have a 95-character body (a copy cut by up to a third is
        // still taken), OAuth tokens 40 or more.
        int cursor = at + 7;
        int family = Run(text, cursor, CharSet.Lower, 12);
        if (family == cursor || Run(text, family, CharSet.Digit, 3) != family + 2 || family + 2 >= text.Length || text[family + 2] != '-')
        {
            return false;
        }

        bool oauth = text[cursor..family].SequenceEqual("oat") || text[cursor..family].SequenceEqual("ort");
        int bodyStart = family + 3;
        int end = Run(text, bodyStart, CharSet.WordHyphen, 400);
        var body = text[bodyStart..end];
        return body.Length >= (oauth ? 40 : 64) && EndsWord(text, end) && Credible(text[at..end], body, 3.0, ref length);
    }

    private static bool MatchSlack(ReadOnlySpan<char> text, int at, ref int length)
    {
        if (!StartsWord(text, at) || at + 5 >= text.Length)
        {
            return false;
        }

        var rest = text[at..];
        if (rest.StartsWith("xoxe.xoxp-") || rest.StartsWith("xoxe.xoxb-"))
        {
            // Configuration access token: xoxe.xoxp-1-<160-odd characters>.
            int bodyStart = at + 10;
            int end = Run(text, bodyStart, CharSet.Alnum | CharSet.Hyphen, 400);
            var config = text[bodyStart..end];
            return config.Length >= 100 && EndsWord(text, end) && Credible(text[at..end], config, 3.0, ref length);
        }

        if (rest[4] != '-')
        {
            return false;
        }

        int start = at + 5;
        int stop = TrimEnd(text, start, Run(text, start, CharSet.Alnum | CharSet.Hyphen, 400), '-');
        var body = text[start..stop];
        if (!EndsWord(text, stop) || body.Length < 8)
        {
            return false;
        }

        Span<Range> segments = stackalloc Range[8];
        int count = body.Split(segments, '-');
        var first = body[segments[0]];
        bool shaped = rest[3] switch
        {
            // Bot: xoxb-<8–14 digits>-<13 digits>-<24 alnum> or the legacy xoxb-<digits>-<18–26 alnum>.
            'b' => IsDigits(first, 8, 14) && body.Length - first.Length - 1 >= 18,

            // User (xoxp) and its xoxe twin: three numeric ids and a 28–34 character secret; xoxe-1-<146> is a refresh token.
            'p' or 'e' => (count >= 4 && IsDigits(first, 8, 13) && IsDigits(body[segments[1]], 8, 13) && IsDigits(body[segments[2]], 8, 13)
                            && body[segments[count - 1]].Length >= 20)
                          || (rest[3] == 'e' && IsDigits(first, 1, 1) && body.Length >= 100),

            // Legacy tokens xoxs/xoxo: three numeric ids and a hex secret.
            's' or 'o' => count >= 4 && IsDigits(first, 4, 13) && IsDigits(body[segments[1]], 4, 13) && IsDigits(body[segments[2]], 4, 13)
                          && body[segments[3]].Length >= 8 && IsAll(body[segments[3]], CharSet.Hex),

            // Legacy workspace tokens xoxa/xoxr: an optional version digit and at least 8 alphanumerics with a digit.
            'a' or 'r' => CountAlnum(IsDigits(first, 1, 1) && count > 1 ? body[(first.Length + 1)..] : body) >= 8 && body.ContainsAnyInRange('0', '9'),
            _ => false,
        };

        return shaped && Credible(text[at..stop], body, 2.5, ref length);
    }

    private static bool MatchSlackApp(ReadOnlySpan<char> text, int at, ref int length)
    {
        // xapp-<1 digit>-<app id>-<digits>-<hex secret>
        if (!StartsWord(text, at))
        {
            return false;
        }

        int start = at + 5;
        int end = TrimEnd(text, start, Run(text, start, CharSet.Alnum | CharSet.Hyphen, 300), '-');
        var body = text[start..end];
        Span<Range> segments = stackalloc Range[6];
        int count = body.Split(segments, '-');
        return count == 4 && EndsWord(text, end) && IsDigits(body[segments[0]], 1, 2) && body[segments[1]].Length >= 5
            && IsDigits(body[segments[2]], 5, 20) && body[segments[3]].Length >= 20 && Credible(text[at..end], body, 2.5, ref length);
    }

    private static bool MatchSlackWebhook(ReadOnlySpan<char> text, int at, ref int start, ref int length)
    {
        int cursor = at + "hooks.slack.com/".Length;
        var rest = text[cursor..];
        int kindLength = rest.StartsWith("services/") ? 9 : rest.StartsWith("workflows/") ? 10 : rest.StartsWith("triggers/") ? 9 : 0;
        if (kindLength == 0)
        {
            return false;
        }

        int pathStart = cursor + kindLength;
        int end = TrimEnd(text, pathStart, Run(text, pathStart, CharSet.Alnum | CharSet.Slash | CharSet.Plus | CharSet.Underscore, 300), '/');
        var path = text[pathStart..end];
        if (path.Length < 40)
        {
            return false;
        }

        start = SchemeStart(text, at);
        return Credible(text[start..end], path, 3.0, ref length);
    }

    // Discord webhooks are found by their path, not their host: "discord" starts a word of English prose every few
    // thousand characters ("discuss", "display" share its first three letters, which the multi-string search tests
    // first), and each stop cost a comparison (1% of one-thread analyze instructions); "/api/webhooks/" is rare.
    private static int DiscordHostBefore(ReadOnlySpan<char> text, int path)
    {
        var before = text[..path];
        return before.EndsWith("discord.com") ? path - "discord.com".Length
            : before.EndsWith("discordapp.com") ? path - "discordapp.com".Length
            : -1;
    }

    private static bool MatchDiscordWebhook(ReadOnlySpan<char> text, int at, ref int start, ref int length)
    {
        var rest = text[at..];
        int prefix = rest.StartsWith("discord.com/api/webhooks/") ? 25 : rest.StartsWith("discordapp.com/api/webhooks/") ? 28 : 0;
        if (prefix == 0)
        {
            return false;
        }

        int idStart = at + prefix;
        int idEnd = Run(text, idStart, CharSet.Digit, 21);
        if (idEnd - idStart is < 17 or > 20 || idEnd >= text.Length || text[idEnd] != '/')
        {
            return false;
        }

        int tokenStart = idEnd + 1;
        int end = Run(text, tokenStart, CharSet.WordHyphen, 100);
        var token = text[tokenStart..end];
        if (token.Length is < 60 or > 100 || !EndsWord(text, end))
        {
            return false;
        }

        // Take in "https://", "ptb." or "canary." before the host so the whole URL is masked.
        int from = at;
        foreach (string subdomain in (ReadOnlySpan<string>)["ptb.", "canary."])
        {
            if (from >= subdomain.Length && text[(from - subdomain.Length)..from].SequenceEqual(subdomain))
            {
                from -= subdomain.Length;
            }
        }

        start = SchemeStart(text, from);
        return Credible(text[start..end], token, 3.0, ref length);
    }

    private static bool MatchJwt(ReadOnlySpan<char> text, int at, ref int length)
    {
        // header.payload.signature, each base64url; header and payload are JSON objects, so both start with "ey".
        if (at > 0 && (IsWordChar(text[at - 1]) || text[at - 1] is '-' or '.' or '/' or '+'))
        {
            return false;
        }

        const CharSet Base64Url = CharSet.WordHyphen;
        int headerEnd = Run(text, at, Base64Url, 4000);
        if (headerEnd - at < 12 || headerEnd + 3 >= text.Length || text[headerEnd] != '.' || text[headerEnd + 1] != 'e' || text[headerEnd + 2] != 'y')
        {
            return false;
        }

        int payloadEnd = Run(text, headerEnd + 1, Base64Url | CharSet.Slash, 100_000);
        if (payloadEnd - headerEnd - 1 < 12 || payloadEnd + 1 >= text.Length || text[payloadEnd] != '.')
        {
            return false;
        }

        int signatureEnd = Run(text, payloadEnd + 1, Base64Url | CharSet.Slash | CharSet.Plus, 4000);
        if (signatureEnd - payloadEnd - 1 < 10)
        {
            return false;
        }

        while (signatureEnd < text.Length && text[signatureEnd] == '=' && signatureEnd - payloadEnd < 4000)
        {
            signatureEnd++;
        }

        return EndsWord(text, signatureEnd) && Credible(text[at..signatureEnd], text[at..signatureEnd], 3.0, ref length);
    }

    private static bool MatchAzureAdSecret(ReadOnlySpan<char> text, int at, ref int start, ref int length)
    {
        // gitleaks azure-ad-client-secret: [\w~.]{3}\dQ~[\w~.-]{31,34}, delimited by quotes, whitespace or punctuation.
        if (at < 4 || !char.IsAsciiDigit(text[at - 1]) || at + 1 >= text.Length || text[at + 1] != '~')
        {
            return false;
        }

        int from = at - 4;
        for (int i = from; i < at - 1; i++)
        {
            if (!IsIn(text[i], CharSet.Word | CharSet.Tilde | CharSet.Dot))
            {
                return false;
            }
        }

        // Non-ASCII neighbours count as delimiters too: model output in Chinese puts "：" before and "，" after a value.
        if (from > 0 && !(char.IsWhiteSpace(text[from - 1]) || text[from - 1] > '\x7F' || text[from - 1] is '\\' or '\'' or '"' or '`' or '>' or '=' or ':' or '(' or ',' or ')'))
        {
            return false;
        }

        int end = Run(text, at + 2, CharSet.Word | CharSet.Tilde | CharSet.Dot | CharSet.Hyphen, 36);
        if (end - at - 2 > 34 && text[end - 1] == '.')
        {
            end--; // the full stop of a sentence that ends with the secret
        }

        int tail = end - at - 2;
        if (tail is < 31 or > 34
            || (end < text.Length && !(char.IsWhiteSpace(text[end]) || text[end] > '\x7F' || text[end] is '\\' or '\'' or '"' or '`' or '<' or ')' or ',' or ';' or '.' or '!' or '?')))
        {
            return false;
        }

        start = from;
        return Credible(text[from..end], text[(at + 2)..end], 3.0, ref length);
    }

    private static bool MatchTelegram(ReadOnlySpan<char> text, int at, ref int start, ref int length)
    {
        // <bot id: 5–16 digits>:A<34 characters>, alone or after "bot" in an API URL.
        int from = at;
        while (from > 0 && char.IsAsciiDigit(text[from - 1]) && at - from <= 16)
        {
            from--;
        }

        int digits = at - from;
        if (digits is < 5 or > 16)
        {
            return false;
        }

        bool afterBot = from >= 3 && text[(from - 3)..from].SequenceEqual("bot") && (from == 3 || !char.IsAsciiLetterOrDigit(text[from - 4]));
        if (from > 0 && IsWordChar(text[from - 1]) && !afterBot)
        {
            return false;
        }

        int end = Run(text, at + 1, CharSet.WordHyphen, 37);
        var secret = text[(at + 1)..end];
        if (secret.Length is < 34 or > 36 || !secret.ContainsAnyInRange('0', '9'))
        {
            return false;
        }

        start = from;
        return Credible(text[from..end], secret, 3.0, ref length);
    }

    private static bool MatchDiscordBot(ReadOnlySpan<char> text, int at, ref int length)
    {
        // base64(user id).<6-character timestamp>.<27–38 character HMAC>
        if (at > 0 && (IsWordChar(text[at - 1]) || text[at - 1] is '-' or '.' or '/' or '+'))
        {
            return false;
        }

        int idEnd = Run(text, at, CharSet.WordHyphen, 29);
        if (idEnd - at is < 23 or > 28 || idEnd >= text.Length || text[idEnd] != '.')
        {
            return false;
        }

        int stampEnd = Run(text, idEnd + 1, CharSet.WordHyphen, 8);
        if (stampEnd - idEnd - 1 is < 6 or > 7 || stampEnd >= text.Length || text[stampEnd] != '.')
        {
            return false;
        }

        int end = Run(text, stampEnd + 1, CharSet.WordHyphen, 41);
        var hmac = text[(stampEnd + 1)..end];
        return hmac.Length is >= 25 and <= 40 && EndsWord(text, end) && (hmac.ContainsAnyInRange('0', '9') || hmac.ContainsAnyInRange('A', 'Z'))
            && Credible(text[at..end], hmac, 3.5, ref length);
    }

    private static bool MatchSendGrid(ReadOnlySpan<char> text, int at, ref int length)
    {
        if (!StartsWord(text, at))
        {
            return false;
        }

        int end = TrimEnd(text, at + 3, Run(text, at + 3, CharSet.WordHyphen | CharSet.Dot | CharSet.Equals, 80), '.');
        var body = text[(at + 3)..end];
        return body.Length is >= 60 and <= 72 && EndsWord(text, end) && Credible(text[at..end], body, 3.5, ref length);
    }

    private static bool MatchTwilio(ReadOnlySpan<char> text, int at, ref int length)
    {
        // SK (API key) or AC (account) followed by exactly 32 hex digits.
        if (!StartsWord(text, at))
        {
            return false;
        }

        int end = Run(text, at + 2, CharSet.Hex, 33);
        var body = text[(at + 2)..end];
        return body.Length == 32 && EndsWord(text, end) && body.ContainsAnyInRange('0', '9') && body.ContainsAnyExceptInRange('0', '9')
            && Credible(text[at..end], body, 3.0, ref length);
    }

    private static bool MatchPostman(ReadOnlySpan<char> text, int at, ref int length)
    {
        if (!text[at..].StartsWith("PMAK-") || !StartsWord(text, at))
        {
            return false;
        }

        int first = Run(text, at + 5, CharSet.Hex, 25);
        if (first - at - 5 != 24 || first >= text.Length || text[first] != '-')
        {
            return false;
        }

        int end = Run(text, first + 1, CharSet.Hex, 35);
        return end - first - 1 == 34 && EndsWord(text, end) && Credible(text[at..end], text[(at + 5)..end], 3.0, ref length);
    }

    private static bool MatchAws(ReadOnlySpan<char> text, int at, ref int length)
    {
        if (!StartsWord(text, at))
        {
            return false;
        }

        int end = Run(text, at, CharSet.Upper | CharSet.Digit, 21);
        if (end - at != 20 || !EndsWord(text, end))
        {
            return false;
        }

        // The AWS documentation's keys end in EXAMPLE (AKIAIOSFODNN7EXAMPLE); the rest is judged on the 16 characters after the prefix.
        var token = text[at..end];
        // 16 random characters from a 32-letter alphabet fall below 3 bits of entropy about once in 500 ids.
        return !token.Contains("EXAMPLE", StringComparison.Ordinal) && Credible(token, text[(at + 4)..end], 2.7, ref length);
    }

    private static bool MatchPrivateKey(ReadOnlySpan<char> text, int at, ref int length, ref string kind)
    {
        var rest = text[at..];
        if (!rest.StartsWith("-----BEGIN "))
        {
            return false;
        }

        int close = rest[11..].IndexOf("-----");
        if (close is < 0 or > 60)
        {
            return false;
        }

        var label = rest.Slice(11, close);
        if (label.SequenceEqual("PGP PRIVATE KEY BLOCK"))
        {
            kind = SecretKinds.PgpPrivateKey;
        }
        else if (label.EndsWith("PRIVATE KEY"))
        {
            kind = SecretKinds.PrivateKey;
        }
        else
        {
            return false; // public keys, certificates, signed messages
        }

        int bodyStart = 11 + close + 5;
        int endMarker = rest[bodyStart..].IndexOf("-----END ");
        int bodyEnd, blockEnd;
        if (endMarker >= 0)
        {
            bodyEnd = bodyStart + endMarker;
            int endClose = rest[(bodyEnd + 9)..].IndexOf("-----");
            blockEnd = endClose is >= 0 and <= 60 ? bodyEnd + 9 + endClose + 5 : bodyEnd + 9;
        }
        else
        {
            bodyEnd = blockEnd = UnterminatedBodyEnd(rest, bodyStart);
        }

        if (!IsRealKeyBody(rest[bodyStart..bodyEnd]))
        {
            return false;
        }

        length = blockEnd;
        return true;
    }

    // A block cut off before its END line (a truncated output): the header lines, then the base64 lines.
    private static int UnterminatedBodyEnd(ReadOnlySpan<char> block, int bodyStart)
    {
        int cursor = bodyStart;
        bool seenData = false;
        while (cursor < block.Length)
        {
            int lineEnd = block[cursor..].IndexOf('\n');
            lineEnd = lineEnd < 0 ? block.Length : cursor + lineEnd + 1;
            var line = block[cursor..lineEnd].Trim();
            if (line.Contains(':') && !seenData)
            {
                cursor = lineEnd;
                continue;
            }

            foreach (char c in line)
            {
                if (!IsIn(c, CharSet.Base64) && c != '\\' && !char.IsWhiteSpace(c))
                {
                    return cursor;
                }
            }

            seenData |= !line.IsEmpty;
            cursor = lineEnd;
        }

        return cursor;
    }

    // The body must hold real key material: 64+ base64 characters of high entropy, without an ellipsis, angle brackets
    // or placeholder words ("<your key here>", "MIIEvQIBADANBg...", 1,500 X's).
    private static bool IsRealKeyBody(ReadOnlySpan<char> body)
    {
        Span<int> counts = stackalloc int[128];
        int data = 0;
        int cursor = 0;
        while (cursor < body.Length)
        {
            int lineEnd = body[cursor..].IndexOf('\n');
            lineEnd = lineEnd < 0 ? body.Length : cursor + lineEnd + 1;
            var line = body[cursor..lineEnd];
            cursor = lineEnd;
            if (line.Contains(':'))
            {
                continue; // armor or PEM header (Version:, Proc-Type:, DEK-Info:)
            }

            foreach (char c in line)
            {
                if (IsIn(c, CharSet.Base64))
                {
                    counts[c]++;
                    data++;
                }
                else if (c is '.' or '…' or '<' or '>' or '*' or '[' or '{')
                {
                    return false;
                }
            }
        }

        if (data < 64 || Entropy(counts, data) < 4.0)
        {
            return false;
        }

        foreach (string word in LongPlaceholderWords)
        {
            if (body.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Records the match when it is not a placeholder; <paramref name="token"/> starts at the match start.</summary>
    private static bool Credible(ReadOnlySpan<char> token, ReadOnlySpan<char> body, double minimumEntropy, ref int length)
    {
        if (Entropy(token) < minimumEntropy || LooksLikePlaceholder(body))
        {
            return false;
        }

        foreach (string example in PublishedExamples)
        {
            if (token.Contains(example, StringComparison.Ordinal))
            {
                return false;
            }
        }

        length = token.Length;
        return true;
    }

    private static bool LooksLikePlaceholder(ReadOnlySpan<char> body)
    {
        if (body.Length >= 8 && SequentialShare(body) >= 0.9)
        {
            return true;
        }

        // A sequential run behind a sub-prefix ("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789") is a placeholder too.
        foreach (var range in body.SplitAny("-_./"))
        {
            var segment = body[range];
            if (segment.Length >= 16 && SequentialShare(segment) >= 0.9)
            {
                return true;
            }
        }

        int longestRun = LongestRun(body);
        if (longestRun >= 6 && longestRun * 5 >= body.Length * 2)
        {
            return true;
        }

        foreach (string word in body.Length <= 200 ? PlaceholderWords : LongPlaceholderWords)
        {
            if (body.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Share of characters that sit in ascending or descending runs of three or more ("abc", "1234", "9876", "xyz0").
    private static double SequentialShare(ReadOnlySpan<char> body)
    {
        int covered = 0, run = 1;
        for (int i = 1; i <= body.Length; i++)
        {
            if (i < body.Length && IsStep(body[i - 1], body[i]))
            {
                run++;
                continue;
            }

            if (run >= 3)
            {
                covered += run;
            }

            run = 1;
        }

        return (double)covered / body.Length;
    }

    private static bool IsStep(char previous, char current) =>
        current - previous is 1 or -1
        || (previous == '9' && current is '0' or 'a' or 'A')
        || (previous is 'z' or 'Z' && current is '0' or 'a' or 'A');

    private static int LongestRun(ReadOnlySpan<char> body)
    {
        int longest = 0, run = 0;
        for (int i = 0; i < body.Length; i++)
        {
            run = i > 0 && body[i] == body[i - 1] ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static double Entropy(ReadOnlySpan<char> token)
    {
        Span<int> counts = stackalloc int[128];
        int total = 0;
        foreach (char c in token)
        {
            counts[c < 128 ? c : 0]++;
            total++;
        }

        return Entropy(counts, total);
    }

    private static double Entropy(ReadOnlySpan<int> counts, int total)
    {
        if (total == 0)
        {
            return 0;
        }

        double entropy = 0;
        foreach (int count in counts)
        {
            if (count > 0)
            {
                double p = (double)count / total;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    private static int LongestSegment(ReadOnlySpan<char> body)
    {
        int longest = 0, current = 0;
        foreach (char c in body)
        {
            current = c is '-' or '_' ? 0 : current + 1;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    private static int CountAlnum(ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (char c in text)
        {
            count += char.IsAsciiLetterOrDigit(c) ? 1 : 0;
        }

        return count;
    }

    private static bool IsDigits(ReadOnlySpan<char> text, int min, int max) =>
        text.Length >= min && text.Length <= max && !text.ContainsAnyExceptInRange('0', '9');

    private static bool IsAll(ReadOnlySpan<char> text, CharSet set)
    {
        foreach (char c in text)
        {
            if (!IsIn(c, set))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>End (exclusive) of the run of <paramref name="set"/> characters from <paramref name="from"/>, at most <paramref name="max"/> long.</summary>
    private static int Run(ReadOnlySpan<char> text, int from, CharSet set, int max)
    {
        int end = from;
        int limit = (int)Math.Min(text.Length, (long)from + max);
        while (end < limit && IsIn(text[end], set))
        {
            end++;
        }

        return end;
    }

    private static int TrimEnd(ReadOnlySpan<char> text, int start, int end, char trailing)
    {
        while (end > start && text[end - 1] == trailing)
        {
            end--;
        }

        return end;
    }

    private static int SchemeStart(ReadOnlySpan<char> text, int host)
    {
        foreach (string scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (host >= scheme.Length && text[(host - scheme.Length)..host].SequenceEqual(scheme))
            {
                return host - scheme.Length;
            }
        }

        return host;
    }

    private static bool IsIn(char c, CharSet set) => c switch
    {
        >= 'a' and <= 'z' => (set & CharSet.Lower) != 0 || ((set & CharSet.HexLetterLower) != 0 && c <= 'f'),
        >= 'A' and <= 'Z' => (set & CharSet.Upper) != 0 || ((set & CharSet.HexLetterUpper) != 0 && c <= 'F'),
        >= '0' and <= '9' => (set & CharSet.Digit) != 0,
        '_' => (set & CharSet.Underscore) != 0,
        '-' => (set & CharSet.Hyphen) != 0,
        '.' => (set & CharSet.Dot) != 0,
        '+' => (set & CharSet.Plus) != 0,
        '/' => (set & CharSet.Slash) != 0,
        '=' => (set & CharSet.Equals) != 0,
        '~' => (set & CharSet.Tilde) != 0,
        _ => false,
    };

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // A credential starts a word: "task-…" or "mysk-…" are not keys.
    private static bool StartsWord(ReadOnlySpan<char> text, int at) => at == 0 || !IsWordChar(text[at - 1]);

    // …and ends one: a longer run of letters or digits means the shape did not match.
    private static bool EndsWord(ReadOnlySpan<char> text, int end) => end >= text.Length || !char.IsAsciiLetterOrDigit(text[end]);
}
