using System.Globalization;
using System.Text;

namespace QwenLogFunctions.Generation;

/// <summary>
/// One pass of the generator: composes each line's input, output and metadata into reused byte buffers and renders
/// it in the layout of Python's <c>json.dumps(entry, ensure_ascii=False)</c>, the article's logger.
/// </summary>
internal sealed class GenerationRun
{
    private const int RecentInputs = 64;
    private const int ChatTemplateTokens = 30;

    private static readonly string[] FastModels = ["qwen2.5-7b-instruct-awq"];
    private static readonly string[] StrictTemperatures = ["0.0", "0.1", "0.3"];
    private static readonly string[] ChatTemperatures = ["0.7", "0.7", "0.7", "0.7", "0.8", "0.3", "0.1", "0.0", "1.0", "0.95"];
    private static readonly int[] MaxTokenLimits = [256, 512, 512, 1024, 1024, 2048];
    private static readonly Fault[] OutOfRangeFaults =
        [Fault.NegativeTotalLatency, Fault.NegativeFirstTokenLatency, Fault.NegativeCompletionTokens, Fault.TimestampMillis];
    private static readonly Fault[] WrongTypeFaults =
    [
        Fault.OutputNumber, Fault.InputNull, Fault.MetadataString, Fault.MetadataArray, Fault.MissingOutput, Fault.MissingMetadata,
        Fault.PromptTokensString, Fault.TimestampIso, Fault.LatencyString, Fault.JsonModeString,
    ];

    private readonly GeneratorOptions _options;
    private readonly SeededRandom _random;
    private readonly long _lineCount;
    private readonly long _startEpoch;
    private readonly long _spanSeconds;
    private readonly double[] _outputCumulative;
    private readonly double[] _inputCumulative;

    private readonly ByteSink _line = new(1 << 16);
    private readonly ByteSink _input = new(1 << 14);
    private readonly ByteSink _output = new(1 << 16);
    private readonly byte[][] _recent = new byte[RecentInputs][];
    private readonly double[] _recentTokens = new double[RecentInputs];
    private int _recentCount;

    private readonly long[] _outputCounts = new long[Enum.GetValues<OutputScenario>().Length];
    private readonly long[] _inputCounts = new long[Enum.GetValues<InputScenario>().Length];
    private readonly long[] _brokenCounts = new long[Enum.GetValues<BrokenLineKind>().Length];
    private long _vllmLines;
    private long _bytes;
    private long _index;

    // The record being composed.
    private long _timestamp;
    private bool _chinese;
    private OutputScenario _outputScenario;
    private InputScenario _inputScenario;
    private double _inputTokens;
    private double _outputTokens;
    private string _level = "INFO";
    private string _requestId = string.Empty;
    private string _model = string.Empty;
    private string _device = string.Empty;
    private string _temperature = "0.7";
    private bool _functionCalling;
    private bool _jsonMode;
    private bool _vllm;
    private int _promptTokens;
    private int _completionTokens;
    private long _firstTokenMs;
    private long _totalMs;
    private double _queueMs;
    private double _meanItlMs;
    private double _tokensPerSecond;
    private double _gpuMemoryGb;
    private string? _error;

    public GenerationRun(GeneratorOptions options, long lineCount)
    {
        _options = options;
        _lineCount = lineCount;
        _random = new SeededRandom(options.Seed);
        _startEpoch = options.Start.ToUnixTimeSeconds();
        _spanSeconds = options.Hours * 3600L;
        _outputCumulative = Cumulative(options.OutputShares());
        _inputCumulative = Cumulative(options.InputShares());
    }

    public GenerationSummary Run(Stream destination)
    {
        for (long i = 0; i < _lineCount; i++)
        {
            _index = i;
            _line.Clear();
            ReadOnlySpan<byte> terminator = "\n"u8;
            if (_options.BrokenLineShare > 0 && _random.Chance(_options.BrokenLineShare))
            {
                var kind = (BrokenLineKind)_random.Next(_brokenCounts.Length);
                _brokenCounts[(int)kind]++;
                WriteBroken(kind, i);
                if (kind == BrokenLineKind.CrLf)
                {
                    terminator = "\r\n"u8;
                }
            }
            else
            {
                Compose(i);
                Count();
                Render(Fault.None);
            }

            _line.Append(terminator);
            destination.Write(_line.Written);
            _bytes += _line.Length;
        }

        return new GenerationSummary(_lineCount, _bytes, _vllmLines, _outputCounts, _inputCounts, _brokenCounts);
    }

    private void Count()
    {
        _outputCounts[(int)_outputScenario]++;
        _inputCounts[(int)_inputScenario]++;
        if (_vllm)
        {
            _vllmLines++;
        }
    }

    // ---------------------------------------------------------------- composing a record

    private void Compose(long index)
    {
        _timestamp = _startEpoch + (long)((double)index * _spanSeconds / Math.Max(1, _lineCount)) + _random.Next(3);
        _timestamp = Math.Min(_timestamp, _startEpoch + _spanSeconds - 1);
        _chinese = _random.Chance(0.6);
        _outputScenario = (OutputScenario)Pick(_outputCumulative);
        _inputScenario = (InputScenario)Pick(_inputCumulative);
        if (_inputScenario == InputScenario.PromptInjection && _outputScenario == OutputScenario.Plain)
        {
            // Injection attempts are mostly refused, sometimes they work: that is what the flags are for.
            double u = _random.NextDouble();
            _outputScenario = u < 0.4 ? OutputScenario.Refusal : u < 0.6 ? OutputScenario.Jailbreak : OutputScenario.Plain;
        }

        _functionCalling = _outputScenario is OutputScenario.ValidToolCall or OutputScenario.InvalidToolCall;
        _jsonMode = _outputScenario is OutputScenario.ValidJson or OutputScenario.MalformedJson
            || (_outputScenario == OutputScenario.EmptyOutput && _random.Chance(0.2));
        _vllm = _outputScenario == OutputScenario.Truncated
            || (_outputScenario != OutputScenario.Error && _random.Chance(_options.VllmFieldsShare));
        _error = null;

        string? toolPrompt = null;
        string? toolCall = _functionCalling
            ? ToolCalls.Pick(_random, _chinese, _timestamp, _outputScenario == OutputScenario.ValidToolCall, out toolPrompt)
            : null;
        ComposeInput(toolPrompt);
        ComposeOutput(toolCall);
        ComposeMetadata();
    }

    private void ComposeInput(string? toolPrompt)
    {
        _input.Clear();
        _inputTokens = 0;
        switch (_inputScenario)
        {
            case InputScenario.EmptyPrompt:
                AppendText(_input, _random.Pick(ScenarioTexts.EmptyPrompts), ref _inputTokens);
                return;
            case InputScenario.Repeated:
                if (_recentCount > 0 && _random.Chance(0.5))
                {
                    int slot = _random.Next(Math.Min(_recentCount, RecentInputs));
                    _input.Append(_recent[slot]);
                    _inputTokens = _recentTokens[slot];
                }
                else
                {
                    AppendText(_input, _random.Pick(TextPools.PopularPrompts), ref _inputTokens);
                }

                return;
            case InputScenario.PromptInjection:
                AppendText(_input, _random.Pick(_chinese ? ScenarioTexts.ZhInjections : ScenarioTexts.EnInjections), ref _inputTokens);
                AppendContext(_input, ref _inputTokens);
                return;
        }

        string? head = toolPrompt ?? _outputScenario switch
        {
            OutputScenario.ValidJson or OutputScenario.MalformedJson => Lang(ScenarioTexts.ZhJsonPrompts, ScenarioTexts.EnJsonPrompts),
            OutputScenario.Refusal => Lang(ScenarioTexts.ZhHarmfulPrompts, ScenarioTexts.EnHarmfulPrompts),
            OutputScenario.SensitiveWord => Lang(ScenarioTexts.ZhSensitivePrompts, ScenarioTexts.EnSensitivePrompts),
            OutputScenario.IdNumber => Lang(ScenarioTexts.ZhIdPrompts, ScenarioTexts.EnIdPrompts),
            OutputScenario.BankCard => Lang(ScenarioTexts.ZhCardPrompts, ScenarioTexts.EnCardPrompts),
            OutputScenario.Phone => Lang(ScenarioTexts.ZhPhonePrompts, ScenarioTexts.EnPhonePrompts),
            OutputScenario.Email => Lang(ScenarioTexts.ZhEmailPrompts, ScenarioTexts.EnEmailPrompts),
            OutputScenario.DecoyNumber => Lang(ScenarioTexts.ZhDecoyPrompts, ScenarioTexts.EnDecoyPrompts),
            OutputScenario.Secret => Lang(ScenarioTexts.ZhSecretPrompts, ScenarioTexts.EnSecretPrompts),
            _ => null,
        };

        if (head is not null)
        {
            AppendText(_input, head, ref _inputTokens);
        }
        else
        {
            PromptTemplate template = _random.Pick(_chinese ? TextPools.ZhTemplates : TextPools.EnTemplates);
            Append(_input, template.Before, ref _inputTokens);
            TextFragment[]? slot = template.Slot switch
            {
                Slot.Topic => _chinese ? TextPools.ZhTopics : TextPools.EnTopics,
                Slot.Algorithm => _chinese ? TextPools.ZhAlgorithms : TextPools.EnAlgorithms,
                Slot.Problem => _chinese ? TextPools.ZhProblems : TextPools.EnProblems,
                _ => null,
            };
            if (slot is not null)
            {
                Append(_input, _random.Pick(slot), ref _inputTokens);
            }

            Append(_input, template.After, ref _inputTokens);
        }

        AppendContext(_input, ref _inputTokens);

        // Remember some inputs so that a later "retry" can repeat one exactly.
        if (_random.Chance(0.125))
        {
            int slotIndex = _recentCount % RecentInputs;
            _recent[slotIndex] = _input.Written.ToArray();
            _recentTokens[slotIndex] = _inputTokens;
            _recentCount++;
        }
    }

    /// <summary>
    /// At least two combined sentences (of 96,000 per language) follow every composed prompt, so two prompts are
    /// equal by chance with negligible probability; the skewed count gives a long tail of long prompts.
    /// </summary>
    private void AppendContext(ByteSink sink, ref double tokens)
    {
        int sentences = 2 + (int)Math.Min(60, _random.LogNormal(1.5, 1.0));
        if (sink.Length > 0)
        {
            sink.Append("\\n\\n"u8);
        }

        for (int i = 0; i < sentences; i++)
        {
            AppendSentence(sink, ref tokens, i > 0);
        }
    }

    /// <summary>Appends a combined sentence; English sentences after the first of a run are separated by a space.</summary>
    private void AppendSentence(ByteSink sink, ref double tokens, bool continuing)
    {
        if (_chinese)
        {
            Append(sink, _random.Pick(TextPools.ZhWhen), ref tokens);
            Append(sink, _random.Pick(TextPools.ZhWho), ref tokens);
            Append(sink, _random.Pick(TextPools.ZhWhat), ref tokens);
            Append(sink, _random.Pick(TextPools.ZhHow), ref tokens);
        }
        else
        {
            if (continuing)
            {
                sink.Append((byte)' ');
            }

            Append(sink, _random.Pick(TextPools.EnWhen), ref tokens);
            Append(sink, _random.Pick(TextPools.EnWho), ref tokens);
            Append(sink, _random.Pick(TextPools.EnWhat), ref tokens);
            Append(sink, _random.Pick(TextPools.EnHow), ref tokens);
        }
    }

    private void ComposeOutput(string? toolCall)
    {
        _output.Clear();
        _outputTokens = 0;
        switch (_outputScenario)
        {
            case OutputScenario.Error:
                _error = _random.Pick(ScenarioTexts.Errors);
                return;
            case OutputScenario.EmptyOutput:
                AppendText(_output, _random.Pick(ScenarioTexts.EmptyOutputs), ref _outputTokens);
                return;
            case OutputScenario.ValidToolCall:
            case OutputScenario.InvalidToolCall:
                AppendText(_output, toolCall!, ref _outputTokens);
                return;
            case OutputScenario.Refusal:
                AppendText(_output, Lang(ScenarioTexts.ZhRefusals, ScenarioTexts.EnRefusals), ref _outputTokens);
                return;
            case OutputScenario.ValidJson:
                AppendText(_output, JsonAnswers.Valid(_random, _chinese, OutputBudget()), ref _outputTokens);
                return;
            case OutputScenario.MalformedJson:
                AppendText(_output, JsonAnswers.Malformed(_random, _chinese), ref _outputTokens);
                return;
            case OutputScenario.Truncated:
                AppendTruncatedBody();
                return;
        }

        string? special = _outputScenario switch
        {
            OutputScenario.SensitiveWord => Lang(ScenarioTexts.ZhSensitive, ScenarioTexts.EnSensitive),
            OutputScenario.Jailbreak => _random.Pick(ScenarioTexts.Jailbreak),
            OutputScenario.IdNumber => Fill(Lang(ScenarioTexts.ZhIdNumber, ScenarioTexts.EnIdNumber), PiiFactory.IdNumber(_random)),
            OutputScenario.BankCard => Fill(Lang(ScenarioTexts.ZhBankCard, ScenarioTexts.EnBankCard), PiiFactory.BankCard(_random)),
            OutputScenario.Phone => Fill(Lang(ScenarioTexts.ZhPhone, ScenarioTexts.EnPhone), PiiFactory.Phone(_random)),
            OutputScenario.Email => Fill(Lang(ScenarioTexts.ZhEmail, ScenarioTexts.EnEmail), PiiFactory.Email(_random)),
            OutputScenario.DecoyNumber => Fill(
                Lang(ScenarioTexts.ZhDecoy, ScenarioTexts.EnDecoy),
                _random.Chance(0.5) ? PiiFactory.DecoyIdNumber(_random) : PiiFactory.DecoyCardNumber(_random)),
            OutputScenario.Secret => Secret(),
            _ => null,
        };

        // The flagged sentence opens the answer or closes it, possibly tens of kilobytes in.
        bool first = special is not null && _random.Chance(0.6);
        if (first)
        {
            AppendText(_output, special! + "\n\n", ref _outputTokens);
        }

        AppendBody(OutputBudget(), closeWithCloser: special is null || first);
        if (special is not null && !first)
        {
            AppendText(_output, special, ref _outputTokens);
        }
    }

    private string Secret()
    {
        double u = _random.NextDouble();
        if (u < 0.5)
        {
            return "请检查下面的配置：\n```python\nOPENAI_API_KEY = \"" + PiiFactory.ApiKey(_random)
                + "\"\nclient = OpenAI(api_key=OPENAI_API_KEY, base_url=\"http://localhost:8000/v1\")\n```";
        }

        if (u < 0.8)
        {
            return "Your ~/.aws/credentials file should look like this:\n```ini\n[default]\naws_access_key_id = "
                + PiiFactory.AwsAccessKeyId(_random) + "\nregion = cn-north-1\n```";
        }

        return "下面是部署用的私钥：\n```\n" + PiiFactory.PrivateKeyBlock(_random) + "\n```";
    }

    /// <summary>
    /// Bytes the output should take so that lines average <see cref="GeneratorOptions.TargetAverageLineBytes"/>, or -1
    /// for natural sizes. Each line draws a log-normal size (mean on target) plus whatever earlier lines fell short
    /// of or overshot, within bounds, so the running average converges on the target while sizes stay skewed.
    /// </summary>
    private int OutputBudget()
    {
        int target = _options.TargetAverageLineBytes;
        if (target == 0)
        {
            return -1;
        }

        double behind = ((double)target * _index) - _bytes;
        double line = _random.LogNormal(target * 0.7, 0.85) + Math.Clamp(behind, -2.0 * target, 4.0 * target);
        const int MetadataBytes = 420;
        return (int)Math.Clamp(line - _input.Length - MetadataBytes, 0, 1 << 20);
    }

    private void AppendBody(int budget, bool closeWithCloser)
    {
        Append(_output, _random.Pick(_chinese ? TextPools.ZhOpeners : TextPools.EnOpeners), ref _outputTokens);
        int naturalBlocks = 1 + (int)Math.Min(10, _random.LogNormal(1.2, 0.7));
        for (int block = 0; budget < 0 ? block < naturalBlocks : _output.Length < budget; block++)
        {
            AppendBlock();
        }

        if (closeWithCloser)
        {
            Append(_output, _random.Pick(_chinese ? TextPools.ZhClosers : TextPools.EnClosers), ref _outputTokens);
        }
    }

    /// <summary>A long answer cut at max_tokens: no closer, often inside a code block.</summary>
    private void AppendTruncatedBody()
    {
        int maxTokens = _random.Pick(MaxTokenLimits);
        Append(_output, _random.Pick(_chinese ? TextPools.ZhOpeners : TextPools.EnOpeners), ref _outputTokens);
        while (_outputTokens < maxTokens)
        {
            AppendBlock();
        }

        _completionTokens = maxTokens;
    }

    private void AppendBlock()
    {
        double u = _random.NextDouble();
        if (u < 0.40)
        {
            int sentences = _random.Next(2, 7);
            for (int i = 0; i < sentences; i++)
            {
                AppendSentence(_output, ref _outputTokens, i > 0);
            }

            _output.Append("\\n\\n"u8);
        }
        else if (u < 0.50)
        {
            Append(_output, _random.Pick(_chinese ? TextPools.ZhParagraphs : TextPools.EnParagraphs), ref _outputTokens);
        }
        else if (u < 0.60)
        {
            Append(_output, _random.Pick(_chinese ? TextPools.ZhHeadings : TextPools.EnHeadings), ref _outputTokens);
        }
        else if (u < 0.75)
        {
            int items = _random.Next(3, 6);
            for (int i = 1; i <= items; i++)
            {
                _output.AppendInteger(i);
                _output.Append(". "u8);
                AppendSentence(_output, ref _outputTokens, continuing: false);
                _output.Append("\\n"u8);
            }

            _output.Append("\\n"u8);
        }
        else if (u < 0.995 || _chinese)
        {
            Append(_output, _random.Pick(TextPools.FencedCode), ref _outputTokens);
        }
        else
        {
            Append(_output, _random.Pick(TextPools.CaseDecoys), ref _outputTokens);
        }
    }

    private void ComposeMetadata()
    {
        string model = _random.NextDouble() switch
        {
            < 0.78 => "qwen2.5-7b-instruct",
            < 0.95 => "qwen2.5-7b-instruct-awq",
            _ => "Qwen/Qwen2.5-7B-Instruct",
        };
        bool quantized = FastModels.Contains(model);
        _model = model;
        _device = quantized ? (_random.Chance(0.8) ? "cuda:1" : "cuda:0") : (_random.Chance(0.65) ? "cuda:0" : "cuda:1");
        _temperature = _jsonMode || _functionCalling
            ? _random.Pick(StrictTemperatures)
            : _random.Pick(ChatTemperatures);
        _requestId = _vllm ? "chatcmpl-" + RandomText("0123456789abcdef", 32) : "req_" + RandomText("abcdefghijklmnopqrstuvwxyz0123456789", 12);

        int overhead = ChatTemplateTokens + (_functionCalling ? _random.Next(180, 420) : 0) + (_jsonMode ? 12 : 0);
        _promptTokens = (int)Math.Round(_inputTokens) + overhead;
        if (_outputScenario != OutputScenario.Truncated)
        {
            _completionTokens = _outputScenario == OutputScenario.Error || _output.Length == 0 ? 0 : (int)Math.Ceiling(_outputTokens) + 1;
        }

        // Business hours in China (UTC+8) are busier: longer queues and slower decoding under larger batches.
        int hour = (int)((_timestamp / 3600 + 8) % 24);
        double load = hour switch { >= 9 and < 12 or >= 14 and < 18 => 1.6, >= 19 and < 23 => 1.2, >= 0 and < 7 => 0.5, _ => 0.9 };
        double modelFactor = quantized ? 0.75 : 1.0;

        if (_outputScenario == OutputScenario.Error)
        {
            _level = "ERROR";
            _firstTokenMs = 0;
            double u = _random.NextDouble();
            _totalMs = u < 0.4 ? 0 : u < 0.7 ? 60_000 + _random.Next(50) : (long)_random.LogNormal(300, 1.0);
            _queueMs = _meanItlMs = _tokensPerSecond = 0;
            _gpuMemoryGb = GpuMemory(quantized);
            return;
        }

        double qu = _random.NextDouble();
        _queueMs = qu < 0.7 ? _random.NextDouble() * 4 * load : qu < 0.95 ? _random.LogNormal(25, 0.8) * load : _random.LogNormal(800, 1.2) * load;
        double prefillMs = (60 + (0.22 * _promptTokens)) * _random.LogNormal(1, 0.3) * modelFactor;
        _firstTokenMs = (long)Math.Round(_queueMs + prefillMs);
        _meanItlMs = 9.2 * modelFactor * (0.85 + (0.25 * load)) * _random.LogNormal(1, 0.22);
        double decodeMs = Math.Max(0, _completionTokens - 1) * _meanItlMs;
        _totalMs = (long)Math.Round(_queueMs + prefillMs + decodeMs + _random.LogNormal(3, 0.5));
        _tokensPerSecond = _totalMs > _firstTokenMs && _completionTokens > 0 ? _completionTokens / ((_totalMs - _firstTokenMs) / 1000.0) : 0;
        _gpuMemoryGb = GpuMemory(quantized);
        _level = _outputScenario == OutputScenario.Truncated || _totalMs > 30_000 ? "WARNING" : "INFO";
    }

    private double GpuMemory(bool quantized) => quantized ? 9.6 + (_random.NextDouble() * 0.6) : 21.2 + (_random.NextDouble() * 0.5);

    // ---------------------------------------------------------------- rendering

    /// <summary>Deliberate damage applied while rendering a record (broken-line kinds).</summary>
    private enum Fault
    {
        None,
        OutputNumber,
        InputNull,
        MetadataString,
        MetadataArray,
        MissingOutput,
        MissingMetadata,
        PromptTokensString,
        TimestampIso,
        LatencyString,
        JsonModeString,
        NegativeTotalLatency,
        NegativeFirstTokenLatency,
        NegativeCompletionTokens,
        TimestampMillis,
        NaNLatency,
        UnescapedQuote,
        RawTab,
    }

    private void Render(Fault fault)
    {
        _line.Append("{\"timestamp\": "u8);
        if (fault == Fault.TimestampIso)
        {
            _line.Append((byte)'"');
            _line.Append(Encoding.ASCII.GetBytes(DateTimeOffset.FromUnixTimeSeconds(_timestamp).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            _line.Append((byte)'"');
        }
        else
        {
            _line.AppendInteger(fault == Fault.TimestampMillis ? (_timestamp * 1000) + _random.Next(1000) : _timestamp);
        }

        _line.Append(", \"level\": \""u8);
        AppendAscii(_line, _level);
        _line.Append("\", \"request_id\": \""u8);
        AppendAscii(_line, _requestId);
        _line.Append("\", \"model\": \""u8);
        AppendAscii(_line, _model);
        _line.Append("\", \"input\": "u8);
        if (fault == Fault.InputNull)
        {
            _line.Append("null"u8);
        }
        else
        {
            _line.Append((byte)'"');
            _line.Append(_input.Written);
            _line.Append((byte)'"');
        }

        switch (fault)
        {
            case Fault.MissingOutput:
                break;
            case Fault.OutputNumber:
                _line.Append(", \"output\": 5"u8);
                break;
            default:
                _line.Append(", \"output\": \""u8);
                if (fault == Fault.UnescapedQuote)
                {
                    _line.Append("他说\"可以\"，"u8);
                }
                else if (fault == Fault.RawTab)
                {
                    _line.Append("\t"u8);
                }

                _line.Append(_output.Written);
                _line.Append((byte)'"');
                break;
        }

        switch (fault)
        {
            case Fault.MissingMetadata:
                _line.Append((byte)'}');
                return;
            case Fault.MetadataString:
                _line.Append(", \"metadata\": \"n/a\"}"u8);
                return;
            case Fault.MetadataArray:
                _line.Append(", \"metadata\": []}"u8);
                return;
        }

        _line.Append(", \"metadata\": {\"prompt_tokens\": "u8);
        if (fault == Fault.PromptTokensString)
        {
            _line.Append((byte)'"');
            _line.AppendInteger(_promptTokens);
            _line.Append((byte)'"');
        }
        else
        {
            _line.AppendInteger(_promptTokens);
        }

        _line.Append(", \"completion_tokens\": "u8);
        _line.AppendInteger(fault == Fault.NegativeCompletionTokens ? -1 - _completionTokens : _completionTokens);
        _line.Append(", \"total_tokens\": "u8);
        _line.AppendInteger(_promptTokens + _completionTokens);
        _line.Append(", \"first_token_latency_ms\": "u8);
        _line.AppendInteger(fault == Fault.NegativeFirstTokenLatency ? -1 - _firstTokenMs : _firstTokenMs);
        _line.Append(", \"total_latency_ms\": "u8);
        switch (fault)
        {
            case Fault.NegativeTotalLatency:
                _line.AppendInteger(-1 - _totalMs);
                break;
            case Fault.NaNLatency:
                _line.Append("NaN"u8);
                break;
            case Fault.LatencyString:
                _line.Append((byte)'"');
                _line.AppendInteger(_totalMs);
                _line.Append("ms\""u8);
                break;
            default:
                _line.AppendInteger(_totalMs);
                break;
        }

        _line.Append(", \"device\": \""u8);
        AppendAscii(_line, _device);
        _line.Append("\", \"temperature\": "u8);
        AppendAscii(_line, _temperature);
        _line.Append(_functionCalling ? ", \"function_calling\": true"u8 : ", \"function_calling\": false"u8);
        if (fault == Fault.JsonModeString)
        {
            _line.Append(_jsonMode ? ", \"json_mode\": \"true\""u8 : ", \"json_mode\": \"false\""u8);
        }
        else
        {
            _line.Append(_jsonMode ? ", \"json_mode\": true"u8 : ", \"json_mode\": false"u8);
        }

        if (_vllm)
        {
            _line.Append(_outputScenario == OutputScenario.Truncated ? ", \"finish_reason\": \"length\""u8 : ", \"finish_reason\": \"stop\""u8);
            _line.Append(", \"queue_time_ms\": "u8);
            _line.AppendFixed(_queueMs, 1);
            _line.Append(", \"mean_itl_ms\": "u8);
            _line.AppendFixed(_meanItlMs, 2);
            _line.Append(", \"tokens_per_second\": "u8);
            _line.AppendFixed(_tokensPerSecond, 1);
            _line.Append(", \"gpu_memory_gb\": "u8);
            _line.AppendFixed(_gpuMemoryGb, 1);
        }

        if (_error is not null)
        {
            _line.Append(", \"error\": \""u8);
            _line.Append(TextFragment.Escape(_error));
            _line.Append((byte)'"');
        }

        _line.Append("}}"u8);
    }

    private void WriteBroken(BrokenLineKind kind, long index)
    {
        switch (kind)
        {
            case BrokenLineKind.Blank:
                return;
            case BrokenLineKind.WhitespaceOnly:
                _line.Append(_random.Next(3) switch { 0 => " "u8, 1 => "\t"u8, _ => "   \t  "u8 });
                return;
            case BrokenLineKind.CrLf:
                Compose(index);
                Count();
                Render(Fault.None);
                return;
            case BrokenLineKind.OutOfRange:
                Compose(index);
                Count();
                Render(_random.Pick(OutOfRangeFaults));
                return;
            case BrokenLineKind.WrongType:
                Compose(index);
                Render(_random.Pick(WrongTypeFaults));
                return;
            case BrokenLineKind.Truncated:
                Compose(index);
                Render(Fault.None);
                int cut = 1 + _random.Next(_line.Length - 2);
                while (cut > 1 && (_line[cut] & 0xC0) == 0x80)
                {
                    cut--;
                }

                _line.Truncate(cut);
                return;
            case BrokenLineKind.NonObject:
                WriteNonObject(index);
                return;
            default:
                WriteInvalidJson(index);
                return;
        }
    }

    private void WriteNonObject(long index)
    {
        switch (_random.Next(7))
        {
            case 0: _line.Append("[1, 2]"u8); break;
            case 1: _line.Append("[]"u8); break;
            case 2: _line.Append("42"u8); break;
            case 3: _line.Append("null"u8); break;
            case 4: _line.Append("true"u8); break;
            case 5: _line.Append("\"qwen2.5-7b-instruct\""u8); break;
            default:
                Compose(index);
                _line.Append((byte)'[');
                Render(Fault.None);
                _line.Append((byte)']');
                break;
        }
    }

    private void WriteInvalidJson(long index)
    {
        int variant = _random.Next(7);
        if (variant == 0)
        {
            // str(dict) instead of json.dumps: a classic logging mistake.
            _line.Append("{'timestamp': "u8);
            _line.AppendInteger(_startEpoch + (long)((double)index * _spanSeconds / Math.Max(1, _lineCount)));
            _line.Append(", 'level': 'INFO', 'request_id': 'req_"u8);
            AppendAscii(_line, RandomText("abcdefghijklmnopqrstuvwxyz0123456789", 12));
            _line.Append("', 'model': 'qwen2.5-7b-instruct', 'input': '你好', 'output': '你好！有什么可以帮你的吗？', 'metadata': {'prompt_tokens': 31, 'completion_tokens': 9, 'json_mode': False}}"u8);
            return;
        }

        if (variant == 1)
        {
            // vLLM's own stdout interleaved with the request log.
            _line.Append("INFO 01-01 00:03:12 metrics.py:351] Avg prompt throughput: 1532.6 tokens/s, Avg generation throughput: 97.4 tokens/s, Running: 12 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 41.3%"u8);
            return;
        }

        Compose(index);
        switch (variant)
        {
            case 2:
                Render(Fault.None);
                _line.Truncate(_line.Length - 1);
                _line.Append(", }"u8);
                break;
            case 3:
                Render(Fault.None);
                _line.Truncate(_line.Length - 1);
                break;
            case 4:
                Render(Fault.NaNLatency);
                break;
            case 5:
                Render(Fault.UnescapedQuote);
                break;
            default:
                Render(Fault.RawTab);
                break;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void Append(ByteSink sink, TextFragment fragment, ref double tokens)
    {
        sink.Append(fragment.Once);
        tokens += fragment.Tokens;
    }

    private static void AppendText(ByteSink sink, string text, ref double tokens)
    {
        sink.Append(TextFragment.Escape(text));
        tokens += TextFragment.EstimateTokens(text);
    }

    /// <summary>For values that are plain ASCII without quotes or backslashes by construction (ids, model names, numbers).</summary>
    private static void AppendAscii(ByteSink sink, string text)
    {
        Span<byte> buffer = stackalloc byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            buffer[i] = (byte)text[i];
        }

        sink.Append(buffer);
    }

    private string Lang(string[] chinese, string[] english) => _random.Pick(_chinese ? chinese : english);

    private static string Fill(string template, string value) => template.Replace("{0}", value, StringComparison.Ordinal);

    private string RandomText(string alphabet, int length) =>
        string.Create(length, (_random, alphabet), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
            }
        });

    private int Pick(double[] cumulative)
    {
        double u = _random.NextDouble();
        for (int i = 1; i < cumulative.Length; i++)
        {
            if (u < cumulative[i])
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Running sums of the shares of scenarios 1..n; scenario 0 (plain) takes what is left.</summary>
    private static double[] Cumulative(double[] shares)
    {
        var cumulative = new double[shares.Length];
        double sum = 0;
        for (int i = 1; i < shares.Length; i++)
        {
            sum += shares[i];
            cumulative[i] = sum;
        }

        return cumulative;
    }
}
