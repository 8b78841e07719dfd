using OptimizerLab.Numerics;

namespace OptimizerLab.Cli;

/// <summary>
/// The loss printed as the seed question printed it: <c>(step, loss.item())</c> pairs, the value in Python's repr of the
/// float, for the first steps, the steps around 300 and the last steps.
/// </summary>
internal static class QuestionTable
{
    /// <summary>The steps the question showed: 0–2, 300–301 and the last three.</summary>
    public static IReadOnlyList<int> Steps(int count) =>
        new[] { 0, 1, 2, 300, 301, count - 3, count - 2, count - 1 }.Where(t => t >= 0 && t < count).Distinct().Order().ToArray();

    /// <summary>The lines, with "..." where steps were left out.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<double> loss) => Lines(loss.Count, t => loss[t]);

    /// <summary>The lines of a curve of <paramref name="count"/> steps, asking <paramref name="loss"/> for the steps shown only.</summary>
    public static IReadOnlyList<string> Lines(int count, Func<int, double> loss)
    {
        var lines = new List<string>();
        int previous = -1;
        foreach (int t in Steps(count))
        {
            if (previous >= 0 && t > previous + 1) lines.Add("...");
            lines.Add($"({TextFormat.Int(t)}, {PythonFloat.Repr(loss(t))})");
            previous = t;
        }

        return lines;
    }
}
