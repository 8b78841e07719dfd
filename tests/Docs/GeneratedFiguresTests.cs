namespace OptimizerLab.Docs.Tests;

/// <summary>Every generated figure in the docs is what its generator gives today.</summary>
public class GeneratedFiguresTests
{
    [Fact]
    public void Every_generated_figure_in_the_docs_is_current()
    {
        bool update = Environment.GetEnvironmentVariable("DOCS_UPDATE") == "1";
        var stale = new List<string>();
        int regions = 0;
        foreach (var doc in DocFiles.Parsed)
        {
            foreach (var (region, generator, shown) in GeneratedFigures.Regions(doc.Text))
            {
                regions++;
                string now = GeneratedFigures.Generate(generator);
                if (shown != now) stale.Add($"{doc.File}: '{generator}' shows \"{shown.Trim()}\", the code gives \"{now.Trim()}\"");
            }

            if (update && stale.Count > 0) OutputBlockUpdate.RewritePage(doc.File, GeneratedFigures.Regenerate);
        }

        regions.Should().BeGreaterThan(0, "the docs quote test counts through generated regions");
        stale.Should().BeEmpty("figures in the docs are generated; run `DOCS_UPDATE=1 dotnet test tests/Docs` to rewrite them");
    }
}
