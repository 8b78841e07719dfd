using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using static OptimizerLab.Cli.TextFormat;

namespace OptimizerLab.Cli.Commands;

/// <summary>One run with any optimizer and settings, on the seed problem or the user's own data.</summary>
internal sealed class RunCommand
{
    public const string Summary = "One run with any optimizer, hyper-parameters, problem, precision, steps and seed, or on your own data (--x, --y)";

    private readonly CommonOptions _common = new(Path.Combine("lab-output", "run"));
    private readonly ProblemOptions _problem = new(diagnosticsEvery: 10, sharpnessEvery: 50);
    private readonly OptimizerOptions _optimizer = new(lists: false);
    private readonly Option<string> _seed = new("--seed") { Description = "Seed of the data and initial weights", DefaultValueFactory = _ => "0" };
    private readonly Option<string> _label = new("--label") { Description = "Name of the run (file names, legends)", DefaultValueFactory = _ => "run" };
    private readonly UserDataOptions _data = new();
    private readonly TrainingOptions _training = new();

    public void Configure(Command command, CliContext context)
    {
        _optimizer.AddTo(command);
        _training.AddTo(command);
        _problem.AddTo(command);
        command.Add(_seed);
        command.Add(_label);
        _data.AddTo(command);
        _common.AddTo(command);
        command.SetAction(result => Execute(result, context));
    }

    private int Execute(ParseResult result, CliContext context)
    {
        var format = _common.GetFormat(result);
        string label = result.GetValue(_label) ?? "run";
        var spec = _problem.BaseSpec(result, _data.GivenOption(result)) with
        {
            Label = label,
            Optimizer = _optimizer.Check(result)[0],
            OptimizerSettings = _optimizer.Settings(result).ToDictionary(s => s.Key, s => s.Value),
            Seed = ArgumentParsing.Seed(result.GetValue(_seed) ?? "0"),
        };
        spec = _training.Apply(result, spec);
        _optimizer.Named(result, spec.Validate);
        TrainingOptions.Check(spec);
        var userData = _data.Load(result, spec);
        if (userData is not null) spec = spec with { Problem = userData.Spec };
        else ProblemOptions.Check(spec);
        spec.Validate();
        var folder = _common.PrepareFolder(result);

        var clock = Stopwatch.StartNew();
        context.Log($"Running {spec.Describe()}");
        var run = userData is null ? Experiment.Run(spec) : userData.Run(spec);
        context.Log(F($"Run done in {clock.Elapsed.TotalSeconds:F2} s; writing {OutputFolder.Display(folder.Path)}/"));

        string name = OutputFolder.SafeName(label);
        string json = Json(run);
        string csv = folder.File(name + ".csv");
        Parallel.Invoke(
            () => RunCsv.Write(csv, run.Records),
            () => folder.WriteText("summary.json", json + "\n"),
            () => ChartFiles.SaveLoss(folder, name, [run], $"{label}: log10(loss) vs step"));

        if (format == OutputFormat.Json)
        {
            context.Out.WriteLine(json);
        }
        else
        {
            context.Out.WriteLine($"{label}: {spec.Describe()}");
            context.Out.WriteLine();
            foreach (string line in QuestionTable.Lines(run.Records.Loss)) context.Out.WriteLine(line);
            context.Out.WriteLine();
            context.Out.WriteLine($"{label}: {Verdict.For(run)}");
            context.Out.WriteLine();
            foreach (string line in Explanation.Explain(run)) context.Out.WriteLine($"- {line}");
        }

        context.Log($"Wrote {string.Join(", ", new[] { csv, folder.File("summary.json"), folder.File(name + ".png"), folder.File(name + ".svg") }.Select(OutputFolder.Display))}");
        if (run.Failure is null) return ExitCodes.Success;
        context.Error.WriteLine($"error: run '{label}' failed: {run.Failure}");
        return ExitCodes.RunFailed;
    }

    private static string Json(RunResult run)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RunSummaryJson.WriterOptions))
        {
            RunSummaryJson.WriteDocument(writer, [run], (w, r) =>
            {
                w.WriteString("verdict", Verdict.For(r));
                w.WriteString("csv", OutputFolder.SafeName(r.Spec.Label) + ".csv");
            });
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
