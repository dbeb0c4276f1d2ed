using System.CommandLine;
using System.CommandLine.Invocation;
using QwenLogFunctions.Cli;
using QwenLogFunctions.Cli.Commands;

var root = new RootCommand("qwenlog: analyzer for the JSONL inference logs of Qwen2.5 served by vLLM or Ollama.")
{
    AnalyzeCommand.Create(),
    GenerateCommand.Create(),
    AuditSampleCommand.Create(),
    EvalRulesCommand.Create(),
    IngestCommand.Create(),
    AggregateCommand.Create(),
    ReportCommand.Create(),
};

var parse = root.Parse(args);

// Usage errors (unknown option, bad value, missing argument) end like every other failure: one line, exit code 2.
if (parse.Action is ParseErrorAction)
{
    return CliErrors.Fail(Console.Error, $"{CliErrors.UsageMessage(parse.Errors[0])} (see qwenlog --help)");
}

return await parse.InvokeAsync();
