namespace OptimizerLab.Docs.Tests;

/// <summary>No paragraph of prose exists twice across README.md and docs/*.md: each topic has one page, others link to it.</summary>
public class NoCopiedSectionsTests
{
    // Shorter paragraphs (a heading, a one-line sentence) may repeat by chance; a 200-character paragraph does not.
    private const int MinimumLength = 200;

    [Fact]
    public void No_paragraph_appears_in_two_places()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var copies = new List<string>();
        foreach (var doc in DocFiles.Parsed)
        {
            foreach (string paragraph in Paragraphs(doc.Text))
            {
                if (seen.TryGetValue(paragraph, out string? first)) copies.Add($"{doc.File} repeats a paragraph of {first}: \"{paragraph[..80]}…\"");
                else seen[paragraph] = doc.File;
            }
        }

        copies.Should().BeEmpty();
    }

    private static IEnumerable<string> Paragraphs(string text) =>
        text.Split("\n\n").Select(p => p.Trim()).Where(p => p.Length >= MinimumLength && !p.StartsWith("```", StringComparison.Ordinal) && !p.StartsWith('|'));
}
