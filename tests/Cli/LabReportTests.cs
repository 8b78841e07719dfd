using System.Xml.Linq;

namespace OptimizerLab.Cli.Tests;

/// <summary>report.html of the default command, run and sweep: self-contained and complete, checked by parsing (no browser).</summary>
public class LabReportTests : IClassFixture<ReproduceFixture>
{
    private readonly ReproduceFixture _fixture;

    public LabReportTests(ReproduceFixture fixture) => _fixture = fixture;

    private static XDocument Parse(string folder)
    {
        string path = Path.Combine(folder, "report.html");
        File.Exists(path).Should().BeTrue();
        string html = File.ReadAllText(path);
        // The page builder self-closes void elements, so the page parses as XML once the HTML doctype is set aside.
        return XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
    }

    private static void ShouldBeSelfContainedWithCharts(XDocument page, int charts)
    {
        var images = page.Descendants("img").ToArray();
        images.Should().HaveCount(charts);
        foreach (var image in images)
        {
            string src = image.Attribute("src")!.Value;
            src.Should().StartWith("data:image/png;base64,", "a report needs no network and no files beside it");
            byte[] png = Convert.FromBase64String(src["data:image/png;base64,".Length..]);
            png.Take(8).Should().Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "each image is a whole PNG");
            image.Attribute("alt")!.Value.Should().NotBeNullOrWhiteSpace();
        }

        page.Descendants().Where(e => e.Name.LocalName is "script" or "link").Should().BeEmpty();
        page.Descendants().Attributes().Where(a => a.Name.LocalName is "href" or "src").Select(a => a.Value)
            .Should().OnlyContain(v => v.StartsWith("data:", StringComparison.Ordinal) || v.StartsWith('#'));
    }

    [Fact]
    public void The_default_commands_report_holds_the_question_the_runs_their_verdicts_the_explanation_and_the_chart()
    {
        var page = Parse(_fixture.Folder);
        ShouldBeSelfContainedWithCharts(page, 1);
        var headings = page.Descendants("h2").Select(h => h.Value).ToArray();
        headings.Should().ContainInOrder("The loss, as the question printed it: (step, loss)", "The same experiment 7 ways", "Verdicts", "Why", "Charts");
        page.Descendants("pre").Single().Value.Should().Contain("(300, ");
        var tables = page.Descendants("table").ToArray();
        tables[0].Descendants("tr").Skip(1).Select(r => r.Elements("td").First().Value).Should().Equal(_fixture.Labels);
        string text = page.Root!.Value;
        foreach (string line in _fixture.Outcome.Stdout.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)))
            text.Should().Contain(line[2..], "the report explains what the command printed");
    }

    [Fact]
    public void A_run_and_a_sweep_write_their_reports()
    {
        string runFolder = CliRunner.TempFolder("report-run");
        CliRunner.Run("run", "--steps", "600", "--label", "mine", "--out", runFolder).ExitCode.Should().Be(0);
        var run = Parse(runFolder);
        ShouldBeSelfContainedWithCharts(run, 1);
        run.Descendants("td").Select(d => d.Value).Should().Contain("mine");

        string sweepFolder = CliRunner.TempFolder("report-sweep");
        CliRunner.Run("sweep", "--optimizer", "adam,amsgrad", "--lr", "1e-2,1e-3", "--steps", "400", "--out", sweepFolder).ExitCode.Should().Be(0);
        var sweep = Parse(sweepFolder);
        ShouldBeSelfContainedWithCharts(sweep, 1);
        sweep.Descendants("tbody").Single().Elements("tr").Should().HaveCount(4, "one row per setting of the grid");
    }
}
