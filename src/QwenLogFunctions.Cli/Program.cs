using System.CommandLine;
using QwenLogFunctions.Cli.Commands;

var root = new RootCommand("qwenlog: analyzer for the JSONL inference logs of Qwen2.5 served by vLLM or Ollama.")
{
    AnalyzeCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
