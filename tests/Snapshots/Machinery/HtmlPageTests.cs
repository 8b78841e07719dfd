using System.Xml.Linq;
using OptimizerLab.Plots.Html;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>The page builder the snapshot report and the lab's report pages share.</summary>
public class HtmlPageTests
{
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    [Fact]
    public void Text_is_escaped_everywhere_and_the_page_is_well_formed_xml_without_scripts_or_remote_urls()
    {
        var page = new HtmlPage("a < b & \"c\"")
            .Heading(2, "<script>alert(1)</script>", id: "x\"y")
            .Paragraph("1 < 2 && 'q'")
            .Table(["name", "value"], [["<b>", "1.5"], ["x", "y"]])
            .Preformatted("<pre>")
            .Image(OnePixelPng, "alt \"text\"");

        string html = page.Render();

        html.Should().NotContain("<script").And.NotContain("<b>").And.NotContain("http://").And.NotContain("https://");
        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Contain("1 &lt; 2 &amp;&amp; &#39;q&#39;");
        // Void elements are self-closed: the page parses as XML, which proves every tag is closed and every text escaped.
        var document = XDocument.Parse(html);
        document.Descendants("td").Select(td => td.Value).Should().Equal("<b>", "1.5", "x", "y");
        document.Descendants("td").First(td => td.Value == "1.5").Attribute("class")!.Value.Should().Be("num");
        document.Descendants("h2").Single().Attribute("id")!.Value.Should().Be("x\"y");
        string src = document.Descendants("img").Single().Attribute("src")!.Value;
        src.Should().StartWith("data:image/png;base64,");
        Convert.FromBase64String(src["data:image/png;base64,".Length..]).Should().Equal(OnePixelPng);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        var table = () => new HtmlPage("t").Table(["a", "b"], [["only one"]]);
        table.Should().Throw<ArgumentException>().WithMessage("*1 cells*2 columns*");
    }
}
