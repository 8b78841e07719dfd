using System.Reflection;
using System.Xml.Linq;
using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Classification;
using OptimizerLab.Snapshots.Format;
using OptimizerLab.Snapshots.Report;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>
/// The committed fixtures: verified/received pairs produced by applying a change to the real code, running the
/// snapshot tests, and reverting (issue #14). Each must get its class from the files alone.
/// </summary>
public class FixtureClassificationTests
{
    public static string Folder(string fixture) => Path.Combine(
        typeof(FixtureClassificationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FixtureDirectory").Value!, fixture);

    private static IReadOnlyList<(PairMove Pair, IReadOnlyList<MovedCase> Cases)> Judge(string fixture) =>
        RunReport.FromFiles(new SnapshotStore(Folder(fixture)));

    [Fact]
    public void A_reassociation_of_the_first_moment_is_rounding_level_in_every_curve()
    {
        var pairs = Judge("reassociation");
        var moves = pairs.SelectMany(p => p.Cases).Select(c => c.Move).ToArray();
        moves.Should().HaveCount(58);
        moves.Should().OnlyContain(m => m.Classes.SequenceEqual(new[] { SnapshotClass.RoundingLevel }), "every event stays inside the 17-run envelope");
        moves.Where(m => !m.IsFloat32).Should().OnlyContain(m => m.First!.Ulps >= 1 && m.First.Ulps <= 3);
        new SummaryTable(pairs.Select(p => p.Pair).ToArray()).Headline()
            .Should().Contain("rounding-level").And.NotContain(SnapshotClass.ArithmeticChange).And.NotContain(SnapshotClass.DynamicsChange);
    }

    [Fact]
    public void Eps_inside_the_square_root_is_an_arithmetic_change_with_its_dynamics_moves_listed()
    {
        var moves = Judge("eps-inside-sqrt").SelectMany(p => p.Cases).Select(c => c.Move).ToArray();
        moves.Should().HaveCount(45);
        moves.Should().OnlyContain(m => m.Classes[0] == SnapshotClass.ArithmeticChange, "the wider 17-run envelopes widen event limits, never the first-difference limit");
        moves.Where(m => !m.IsFloat32).Should().OnlyContain(m => m.First!.Ulps > 1000 * MoveClassifier.RoundingUlps, "float64 shows the change is far above rounding (16763 ulps at least, on Rosenbrock)");
        var dynamic = moves.Where(m => m.Classes.Contains(SnapshotClass.DynamicsChange)).ToArray();
        dynamic.Should().NotBeEmpty();
        dynamic.Should().OnlyContain(m => m.Events.Any(e => e.Beyond) && m.Explanation.Contains("beyond its rounding sensitivity"));
        moves.Single(m => m.Name == "seed.adam.f64").Explanation.Should().StartWith("arithmetic change");
    }

    [Fact]
    public void An_eps_default_change_is_a_spec_change_naming_the_option()
    {
        var moves = Judge("eps-default").SelectMany(p => p.Cases).Select(c => c.Move).ToArray();
        moves.Should().NotBeEmpty();
        moves.Should().OnlyContain(m => m.Classes[0] == SnapshotClass.SpecChange && m.SpecChanges.SequenceEqual(new[] { "optimizer.eps 1E-08 → 1E-07" }));
    }

    [Fact]
    public void An_accidental_rmsprop_alpha_default_change_is_called_out_as_a_spec_change_naming_the_option()
    {
        var pairs = Judge("rmsprop-alpha-default");
        pairs.SelectMany(p => p.Cases).Should().OnlyContain(c => c.Move.Classes[0] == SnapshotClass.SpecChange && c.Move.Explanation.StartsWith("spec change: optimizer.alpha 0.99 → 0.9", StringComparison.Ordinal));
        new SummaryTable(pairs.Select(p => p.Pair).ToArray()).ConsoleText("r.html").Should().Contain("spec change: optimizer.alpha 0.99 → 0.9 (");
    }

    [Fact]
    public void Predictions_for_more_optimizers_with_the_same_curves_are_an_analysis_change_not_rounding()
    {
        // The fixture: the optimizer dynamics interface (issue #15) gave adadelta, adamax, nadam, radam, rmsprop, SGD with
        // Nesterov and two schedules a prediction where they had none, and included AdamW's decay in its threshold.
        var pairs = Judge("prediction-only");
        var moves = pairs.SelectMany(p => p.Cases).Select(c => c.Move).ToArray();
        moves.Should().HaveCount(18);
        moves.Should().OnlyContain(m => m.Classes.SequenceEqual(new[] { SnapshotClass.AnalysisChange }) && m.First == null,
            "every loss is the same to the bit; only prediction lines and verdict wording moved");
        moves.Single(m => m.Name == "seed.adamax.f64").Explanation.Should().Contain("prediction.forecast_rebound none → ");
        new SummaryTable(pairs.Select(p => p.Pair).ToArray()).Headline().Should().Contain(SnapshotClass.AnalysisChange).And.NotContain(SnapshotClass.RoundingLevel);
    }

    [Fact]
    public void Replaying_the_verified_options_with_todays_code_shows_the_eps_default_change_explains_the_whole_move()
    {
        var store = new SnapshotStore(Folder("eps-default"));
        var verified = CurveSnapshot.Parse(store.ReadVerified("rosenbrock.adam.f64")!);
        var received = CurveSnapshot.Parse(File.ReadAllText(store.ReceivedPath("rosenbrock.adam.f64")));
        var difference = SnapshotComparison.Compare(RoundingSensitivity.Strip(verified), RoundingSensitivity.Strip(received));
        SpecReplay.Explains(SnapshotCases.Named("rosenbrock.adam.f64"), verified, difference).Should().BeTrue();
    }

    [Fact]
    public void The_html_report_of_a_fixture_parses_and_embeds_two_png_panels_per_moved_case()
    {
        var judged = Judge("eps-inside-sqrt").Take(2).ToArray();
        string html = HtmlReport.Build(judged.Select(p => p.Pair).ToArray(), judged.SelectMany(p => p.Cases).ToDictionary(c => c.Move.Name)).Render();

        var document = XDocument.Parse(html);
        var images = document.Descendants("img").Select(i => i.Attribute("src")!.Value).ToArray();
        images.Should().HaveCount(2 * judged.Sum(p => p.Cases.Count));
        foreach (string src in images)
        {
            src.Should().StartWith("data:image/png;base64,");
            Convert.FromBase64String(src["data:image/png;base64,".Length..]).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
        }
        document.Descendants("h3").Select(h => h.Value).Should().OnlyContain(h => h.Contains(SnapshotClass.ArithmeticChange));
        html.Should().NotContain("<script").And.NotContain("http://").And.NotContain("https://");
    }
}
