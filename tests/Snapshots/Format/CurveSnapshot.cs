using System.Globalization;
using System.Text;

namespace OptimizerLab.Snapshots.Format;

/// <summary>
/// A loss-curve snapshot as text: a header of <c>key: value</c> lines (the run specification, a one-line verdict, the
/// analysis summary and the rebound prediction), then one <c>step loss</c> line per recorded step (<c>step loss lr</c>
/// when a schedule changes the learning rate). Numbers are written
/// in the invariant culture with round-trip precision ("R"), lines end with LF: the same run gives the same bytes on
/// every machine, and one fact per line lets a diff show exactly what moved.
/// </summary>
public sealed record CurveSnapshot(IReadOnlyList<KeyValuePair<string, string>> Header, IReadOnlyList<CurvePoint> Points)
{
    /// <summary>Version of this text format; bump it when the layout changes (and regenerate every snapshot).</summary>
    public const string FormatVersion = "1";

    /// <summary>The line that separates the header from the curve.</summary>
    public const string CurveHeading = "step loss";

    /// <summary>The heading of a curve that also records the learning rate used at each step.</summary>
    public const string CurveWithLrHeading = "step loss lr";

    private const string Preamble =
        "# OptimizerLab loss-curve snapshot: the run, what the analysis found, the loss at the recorded steps.\n" +
        "# A failing snapshot writes <name>.received.txt (+ .png overlay); review: dotnet run --project tests/Snapshots -- review\n";

    /// <summary>The value of a header key, or null when the snapshot has no such line.</summary>
    public string? Get(string key)
    {
        foreach (var (k, v) in Header)
            if (k == key) return v;
        return null;
    }

    /// <summary>The snapshot as its file text (LF line ends, final newline).</summary>
    public string Render()
    {
        var text = new StringBuilder(Preamble);
        foreach (var (key, value) in Header) text.Append(key).Append(": ").Append(value).Append('\n');
        bool withLr = Points.Any(p => p.Lr is not null);
        text.Append(withLr ? CurveWithLrHeading : CurveHeading).Append('\n');
        int width = Points.Count == 0 ? 1 : Points[^1].Step.ToString(CultureInfo.InvariantCulture).Length;
        foreach (var point in Points)
        {
            text.Append(point.Step.ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append(' ').Append(FormatNumber(point.Loss));
            if (withLr) text.Append(' ').Append(FormatOptional(point.Lr));
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads a snapshot back; throws <see cref="FormatException"/> naming the offending line.</summary>
    public static CurveSnapshot Parse(string text)
    {
        var header = new List<KeyValuePair<string, string>>();
        var points = new List<CurvePoint>();
        bool inCurve = false, withLr = false;
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!inCurve)
            {
                if (line is CurveHeading or CurveWithLrHeading)
                {
                    inCurve = true;
                    withLr = line == CurveWithLrHeading;
                    continue;
                }

                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon <= 0) throw new FormatException($"Snapshot line {i + 1} is not 'key: value': '{line}'.");
                header.Add(KeyValuePair.Create(line[..colon], line[(colon + 2)..]));
                continue;
            }

            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double? lr = null;
            if (parts.Length != (withLr ? 3 : 2)
                || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int step)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double loss)
                || (withLr && !TryParseOptional(parts[2], out lr)))
                throw new FormatException($"Snapshot line {i + 1} is not '{(withLr ? CurveWithLrHeading : CurveHeading)}': '{line}'.");
            points.Add(new CurvePoint(step, loss, lr));
        }

        if (!inCurve) throw new FormatException($"The snapshot has no '{CurveHeading}' line.");
        return new CurveSnapshot(header, points);
    }

    private static bool TryParseOptional(string text, out double? value)
    {
        value = null;
        if (text == "none") return true;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return false;
        value = number;
        return true;
    }

    /// <summary>Invariant round-trip form: the shortest text that reads back to the same double.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An optional step or value as text ("none" when absent), so a line exists in every snapshot and a diff shows it appear.</summary>
    public static string FormatOptional(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <inheritdoc cref="FormatOptional(int?)"/>
    public static string FormatOptional(double? value) => value is double v ? FormatNumber(v) : "none";
}

/// <summary>The loss at one recorded step, and the learning rate used for that step when a schedule sets it.</summary>
public readonly record struct CurvePoint(int Step, double Loss, double? Lr = null);
