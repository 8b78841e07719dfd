namespace OptimizerLab.Snapshots.Classification;

/// <summary>
/// One line of the snapshot table: its float32 and float64 twins, judged together (the float64 twin decides whether the
/// first difference is above rounding) and shown as one row.
/// </summary>
public sealed record PairMove(string Line, CurveMove? Float32, CurveMove? Float64)
{
    /// <summary>The twins that moved, float64 first.</summary>
    public IEnumerable<CurveMove> Moves => new[] { Float64, Float32 }.OfType<CurveMove>();

    /// <summary>The row's name, e.g. <c>seed.adam.{f32,f64}</c> when both moved.</summary>
    public string Display => Float32 is not null && Float64 is not null ? Line + ".{f32,f64}" : Moves.Single().Name;

    /// <summary>The row's classes: the union of its twins', in report order.</summary>
    public IReadOnlyList<string> Classes =>
        SnapshotClass.ReportOrder.Where(c => Moves.Any(m => m.Classes.Contains(c))).ToArray();

    /// <summary>What the row is grouped under: the main class, with the spec changes for a spec change.</summary>
    public string Cause
    {
        get
        {
            if (Moves.FirstOrDefault(m => m.Classes[0] == SnapshotClass.SpecChange) is { } spec)
                return $"{SnapshotClass.SpecChange}: {string.Join(", ", spec.SpecChanges)}";
            return Classes[0];
        }
    }

    /// <summary>The larger shape change of the twins, for ordering.</summary>
    public int ShapeChange => Moves.Max(m => m.ShapeChange);

    /// <summary>The larger |log10| of the final-loss ratios, the second key for ordering.</summary>
    public double FinalLossOrder => Moves.Max(m => double.IsFinite(m.FinalLossRatio) && m.FinalLossRatio > 0 ? Math.Abs(Math.Log10(m.FinalLossRatio)) : double.PositiveInfinity);

    /// <summary>
    /// Classifies a line's twins; either side may be null (did not move). <paramref name="specExplains"/> gives, per case
    /// name, whether its verified options reproduce its verified curve (absent: not checked).
    /// </summary>
    public static PairMove Judge(string line, (Format.CurveSnapshot Verified, Format.CurveSnapshot Received)? float32,
        (Format.CurveSnapshot Verified, Format.CurveSnapshot Received)? float64, Func<string, bool?>? specExplains = null,
        string? float64Name = null)
    {
        specExplains ??= _ => null;
        string name32 = line + ".f32", name64 = float64Name ?? line + ".f64";
        var move64 = float64 is var (v64, r64) ? MoveClassifier.Classify(name64, v64, r64, specExplains: specExplains(name64)) : null;
        bool? twin = move64?.First is { } first ? MoveClassifier.IsAboveRounding(first) : null;
        var move32 = float32 is var (v32, r32) ? MoveClassifier.Classify(name32, v32, r32, twin, specExplains(name32)) : null;
        return new PairMove(line, move32, move64);
    }
}
