using System.Text;
using OptimizerLab.Data;

namespace OptimizerLab.Properties.Engine;

/// <summary>The byte-level line reader splits lines as <see cref="StreamReader.ReadLine"/> does, across buffer refills and for lines longer than its buffer.</summary>
public class Utf8LineReaderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a\n")]
    [InlineData("a\r\nb\n\nc")]
    [InlineData("\n\n\r\n")]
    [InlineData("step,loss\n0,1.5\n1,nan\n2,-inf\r\n")]
    public void Lines_are_those_StreamReader_reads(string text) => Same(text);

    [Fact]
    public void Lines_across_refills_and_longer_than_the_buffer_are_whole()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 20000; i++) text.Append(i).Append(',').Append(1.0 / (i + 1)).Append(i % 7 == 0 ? "\r\n" : "\n");
        text.Append(new string('x', 200_000)).Append('\n').Append("tail");
        Same(text.ToString());
    }

    private static void Same(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var expected = new List<string>();
        using (var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false)))
            while (reader.ReadLine() is { } line) expected.Add(line);
        var actual = new List<string>();
        using (var reader = new Utf8LineReader(new MemoryStream(bytes)))
            while (reader.TryReadLine(out var line)) actual.Add(Encoding.UTF8.GetString(line));
        actual.Should().Equal(expected);
    }
}
