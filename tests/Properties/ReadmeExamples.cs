using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;

namespace OptimizerLab.Properties;

/// <summary>
/// The README's C# examples, compiled and run here. Each example is a region of this file; a test checks that the
/// README shows every region verbatim, so the README can't drift from code that works.
/// </summary>
public partial class ReadmeExamples
{
    [Fact]
    public void Adam_on_a_parabola()
    {
        #region readme:adam
        // f(w) = Σ (w_i − 3)², so ∂f/∂w_i = 2 (w_i − 3).
        var w = new Parameter<float>([0f, 1f, 2f], "w");
        var adam = new Adam<float>([w], new AdamOptions { Lr = 0.1 });
        for (int step = 0; step < 500; step++)
        {
            for (int i = 0; i < w.Length; i++) w.Grad[i] = 2 * (w.Value[i] - 3);
            adam.Step();
        }
        #endregion

        w.Value.Should().AllSatisfy(v => v.Should().BeApproximately(3f, 1e-2f));
    }

    [Fact]
    public void Groups_schedule_and_state()
    {
        #region readme:groups
        var weight = new Parameter<double>(new double[10], "weight");
        var bias = new Parameter<double>(new double[1], "bias");
        var sgd = new Sgd<double>(
        [
            new ParamGroup<double, SgdOptions>([weight], new SgdOptions { Lr = 0.1, Momentum = 0.9, Nesterov = true }),
            new ParamGroup<double, SgdOptions>([bias], new SgdOptions { Lr = 0 }), // a frozen group
        ]);
        var schedule = new StepLR(sgd, stepSize: 30, gamma: 0.5);
        for (int epoch = 0; epoch < 100; epoch++)
        {
            weight.Grad.AsSpan().Fill(1.0);
            bias.Grad[0] = 1.0;
            sgd.Step();
            schedule.Step();
        }

        string saved = sgd.SaveState().ToJsonString(); // versioned JSON, every float exact
        #endregion

        bias.Value[0].Should().Be(0, "lr = 0 freezes the group");
        sgd.GroupOptions[0].Lr.Should().Be(0.1 * 0.5 * 0.5 * 0.5);
        saved.Should().Contain("\"optimizer\":\"SGD\"");
    }

    [Fact]
    public void Lab_run_and_explanation()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            #region readme:lab
            var run = Experiment.Run(new RunSpec { Optimizer = "adam", Precision = Precision.Float32, Steps = 5000 });
            Console.WriteLine($"plateau {run.Summary.PlateauStep}, rebound {run.Summary.ReboundStep}, predicted {run.Prediction.PredictedStep}");
            foreach (string sentence in Explanation.Explain(run)) Console.WriteLine(sentence);
            #endregion
        }
        finally
        {
            Console.SetOut(console);
        }

        var numbers = Regex.Match(output.ToString(), @"^plateau (\d+), rebound (\d+), predicted (\d+)");
        numbers.Success.Should().BeTrue(output.ToString());
        int plateau = int.Parse(numbers.Groups[1].Value), rebound = int.Parse(numbers.Groups[2].Value), predicted = int.Parse(numbers.Groups[3].Value);
        plateau.Should().BeInRange(200, 350, "the brief measured the plateau at 210–223");
        rebound.Should().BeInRange(1500, 5000);
        Math.Abs(predicted - rebound).Should().BeLessThan(rebound / 10, "the prediction is within 10%");
    }

    [Fact]
    public void The_readme_shows_every_example_verbatim()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var regions = RegionPattern().Matches(File.ReadAllText(ThisFile()).ReplaceLineEndings("\n"));
        regions.Should().HaveCount(3);
        foreach (Match region in regions)
        {
            string code = Dedent(region.Groups["code"].Value);
            readme.Should().Contain(code, $"README.md must show the example '{region.Groups["name"].Value}' exactly as compiled here");
        }
    }

    private static string Dedent(string code)
    {
        var lines = code.TrimEnd().Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));

    [GeneratedRegex(@"#region readme:(?<name>\w+)\n(?<code>.*?)\n\s*#endregion", RegexOptions.Singleline)]
    private static partial Regex RegionPattern();
}
