using System.Globalization;
using OptimizerLab.Snapshots.Format;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots.Classification;

/// <summary>
/// Classifies a moved snapshot from its verified and received files alone (the verified file carries its measured
/// rounding sensitivity), so a report, a review and a committed fixture all give the same answer.
/// </summary>
public static class MoveClassifier
{
    /// <summary>
    /// A first difference up to this many ulps of the case's precision is at rounding level. Measured: the harmless
    /// reassociation of Adam's first moment (issue #14, fixture "reassociation") first differs by 1–3 ulps in every
    /// float64 case and 1–10 in float32; eps moved inside the square root first differs by ~6e8 ulps in float64.
    /// </summary>
    public const double RoundingUlps = 16;

    /// <summary>Is the first difference far above rounding? Null when the curves agree at every recorded step.</summary>
    public static bool? IsAboveRounding(FirstDifference? first) => first is null ? null : first.Ulps > RoundingUlps;

    /// <summary>
    /// The classes of the move from <paramref name="verified"/> to <paramref name="received"/>.
    /// <paramref name="twinAboveRounding"/> is the float64 twin's verdict on its first difference (for a float32 case
    /// whose twin moved too): float32 cannot tell a 1e-7 relative change from one ulp, so the twin decides.
    /// <paramref name="specExplains"/> says whether the verified options reproduce the verified curve with today's code.
    /// </summary>
    public static CurveMove Classify(string name, CurveSnapshot verified, CurveSnapshot received, bool? twinAboveRounding = null, bool? specExplains = null)
    {
        var difference = SnapshotComparison.Compare(RoundingSensitivity.Strip(verified), RoundingSensitivity.Strip(received));
        var sensitivity = RoundingSensitivity.Read(verified);
        int steps = received.Points.Count == 0 ? 0 : received.Points[^1].Step + 1;
        var specChanges = difference.SpecChanges.Select(c => $"{c.Key} {c.Expected ?? "(absent)"} → {c.Actual ?? "(absent)"}").ToArray();
        var first = First(difference.FirstCurveDifference, received.Get("precision") == "float32" || name.EndsWith(".f32", StringComparison.Ordinal));
        var events = Events(verified, received, sensitivity);
        bool dynamics = events.Any(e => e.Beyond); // reset below when the curve itself did not move
        bool aboveRounding = twinAboveRounding ?? IsAboveRounding(first) ?? difference.FirstLrDifference is not null;

        var classes = new List<string>();
        var why = new List<string>();
        if (specChanges.Length > 0)
        {
            classes.Add(SnapshotClass.SpecChange);
            why.Add(string.Join(", ", specChanges));
            why.Add(specExplains switch
            {
                true => "it explains the whole move (the verified options reproduce the verified curve bit for bit)",
                false => "it does not explain the whole move (the verified options no longer reproduce the verified curve)",
                null => "not rerun with the verified options",
            });
            if (specExplains == false && aboveRounding) classes.Add(SnapshotClass.ArithmeticChange);
        }
        else if (aboveRounding)
        {
            classes.Add(SnapshotClass.ArithmeticChange);
        }
        else if (first is null && difference.FirstLrDifference is null && difference.StepsOnlyOnOneSide.Count == 0)
        {
            // Same curve to the bit: whatever moved (a forecast, a detected event, the verdict) is the lab's reading of it.
            dynamics = false;
            classes.Add(SnapshotClass.AnalysisChange);
            var readings = difference.SummaryChanges.Concat(difference.VerdictChange is { } v ? [v] : [])
                .Select(c => $"{c.Key} {c.Expected ?? "(absent)"} → {c.Actual ?? "(absent)"}");
            why.Add("the lab's reading moved: " + string.Join(", ", readings));
        }
        else if (!dynamics)
        {
            classes.Add(SnapshotClass.RoundingLevel);
        }

        if (specChanges.Length == 0 || specExplains == false)
        {
            string size = first is null ? "the curves agree at every recorded step" : $"curves first differ at {first.Describe()}";
            string verdict = twinAboveRounding is not null ? "as the float64 twin shows" : $"limit {RoundingUlps.ToString(CultureInfo.InvariantCulture)} ulps";
            why.Add(first is null ? size : $"{size}, {(aboveRounding ? "far above" : "at")} rounding ({verdict})");
        }

        if (dynamics) classes.Add(SnapshotClass.DynamicsChange);
        var beyond = events.Where(e => e.Beyond).ToArray();
        if (beyond.Length > 0) why.Add("beyond its rounding sensitivity: " + string.Join(", ", beyond.Select(e => e.Describe())));
        else if (events.Count > 0) why.Add("every event inside its rounding sensitivity: " + string.Join(", ", events.Select(e => e.Describe())));
        else why.Add("no event moved");
        if (sensitivity is null) why.Add("the verified file has no measured sensitivity, so every event move counts");

        double finalBefore = FinalLoss(verified), finalAfter = FinalLoss(received);
        int shape = beyond.Sum(e => e.Size(steps));
        string explanation = string.Join(" + ", classes) + ": " + string.Join("; ", why) + ".";
        return new CurveMove(name, classes, explanation, specChanges, specChanges.Length > 0 ? specExplains : null, first, events,
            finalAfter / finalBefore, shape, steps);
    }

    /// <summary>Units in the last place between two losses in the case's precision (∞ across signs or non-finite values).</summary>
    public static double Ulps(double expected, double actual, bool float32)
    {
        if (expected.Equals(actual)) return 0;
        if (!double.IsFinite(expected) || !double.IsFinite(actual) || Math.Sign(expected) * Math.Sign(actual) < 0) return double.PositiveInfinity;
        // The bit patterns are subtracted as integers: converted to double first, a one-ulp gap of two doubles vanishes.
        return float32
            ? Math.Abs((long)BitConverter.SingleToInt32Bits((float)Math.Abs(actual)) - BitConverter.SingleToInt32Bits((float)Math.Abs(expected)))
            : (double)Math.Abs(BitConverter.DoubleToInt64Bits(Math.Abs(actual)) - BitConverter.DoubleToInt64Bits(Math.Abs(expected)));
    }

    private static FirstDifference? First(PointChange? change, bool float32) =>
        change is null ? null : new FirstDifference(change.Step, change.Expected, change.Actual, Ulps(change.Expected, change.Actual, float32), change.RelativeDifference);

    private static List<EventMove> Events(CurveSnapshot verified, CurveSnapshot received, RoundingSensitivity? sensitivity)
    {
        var moves = new List<EventMove>();
        foreach (var (key, _) in CurveEvents.All)
        {
            int? before = CurveEvents.Step(verified.Get(key)), after = CurveEvents.Step(received.Get(key));
            if (before == after) continue;
            var envelope = sensitivity?.Events[key];
            moves.Add(new EventMove(key, before, after, envelope, envelope is null || !envelope.Contains(before, after)));
        }

        return moves;
    }

    private static double FinalLoss(CurveSnapshot snapshot) =>
        double.TryParse(snapshot.Get("summary.final_loss"), NumberStyles.Float, CultureInfo.InvariantCulture, out double loss)
            ? loss
            : snapshot.Points.Count > 0 ? snapshot.Points[^1].Loss : double.NaN;
}
