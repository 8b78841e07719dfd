using System.Globalization;
using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Classification;

/// <summary>Where one event fell in the run and its perturbed reruns: the lowest and highest step, and in how many runs it happened.</summary>
public sealed record EventEnvelope(int? Min, int? Max, int Present, int Runs)
{
    /// <summary>Highest minus lowest step among the runs that had the event (0 when fewer than two had it).</summary>
    public int Spread => Min is int low && Max is int high ? high - low : 0;

    /// <summary>True when the event happened in some runs and not in others: its presence itself is at rounding level.</summary>
    public bool PresenceVaries => Present > 0 && Present < Runs;

    /// <summary>The header value, e.g. <c>3065 3090 5/5</c> or <c>none none 0/5</c>.</summary>
    public string Render() => string.Create(CultureInfo.InvariantCulture,
        $"{CurveSnapshot.FormatOptional(Min)} {CurveSnapshot.FormatOptional(Max)} {Present}/{Runs}");

    /// <summary>Reads <see cref="Render"/>'s form back; null when it is not that form.</summary>
    public static EventEnvelope? Parse(string? text)
    {
        string[] parts = (text ?? "").Split(' ');
        if (parts.Length != 3 || parts[2].Split('/') is not [var present, var runs]) return null;
        return int.TryParse(present, CultureInfo.InvariantCulture, out int p) && int.TryParse(runs, CultureInfo.InvariantCulture, out int r)
            ? new EventEnvelope(CurveEvents.Step(parts[0]), CurveEvents.Step(parts[1]), p, r)
            : null;
    }

    /// <summary>
    /// Is a move of the event from <paramref name="before"/> (the verified run, one of the runs measured) to
    /// <paramref name="after"/> within this envelope? A step is inside when it lies in [Min − Spread, Max + Spread]: the
    /// runs show only part of the range rounding can reach, so the measured range is widened by its own width on each
    /// side (docs/snapshots.md gives the odds of a new draw landing outside); an event that did not move in any rerun has
    /// width 0 and stays strict.
    /// </summary>
    public bool Contains(int? before, int? after) =>
        (before, after) switch
        {
            (null, null) => true,
            (int, int a) => Min is int low && Max is int high && a >= low - Spread && a <= high + Spread,
            _ => PresenceVaries, // appeared or vanished: inside only if rounding alone makes it come and go
        };

    /// <summary>The widened range as text, e.g. <c>3086–3122</c>, or <c>none</c>.</summary>
    public string Describe() =>
        Min is int low && Max is int high
            ? string.Create(CultureInfo.InvariantCulture, $"{low - Spread}–{high + Spread}{(PresenceVaries ? $", present in {Present} of {Runs} runs" : "")}")
            : "none in every run";
}

/// <summary>
/// How far a case's events move under rounding alone, measured: the case is rerun <see cref="PerturbedRuns"/> times,
/// half with every initial parameter moved one ulp up or down at random, half with the gradient nudged by one ulp on a
/// random half of its values at every step (each rerun its own seed), and each event's envelope is where it fell across
/// the run and its reruns. Kept in the snapshot's header as <c>sensitivity.*</c> lines, so a later test compares against
/// the verified run's own envelope without rerunning anything.
/// </summary>
public sealed record RoundingSensitivity(IReadOnlyDictionary<string, EventEnvelope> Events)
{
    /// <summary>Reruns per case. Each costs one run of the case, paid only when a snapshot file is written.</summary>
    public const int PerturbedRuns = 16;

    /// <summary>Prefix of the header lines.</summary>
    public const string Prefix = "sensitivity.";

    /// <summary>How it was measured, as the header's first sensitivity line says it.</summary>
    public static readonly string Method = string.Create(CultureInfo.InvariantCulture,
        $"{PerturbedRuns} seeded reruns: {PerturbedRuns / 2} with each initial parameter moved one ulp up or down at random, {PerturbedRuns / 2} with the gradient nudged one ulp on a random half of its values at every step; each event's lowest and highest step and in how many of {PerturbedRuns + 1} runs it happened");

    /// <summary>The reruns' perturbations: seeds 1 to <see cref="PerturbedRuns"/>/2 of each kind.</summary>
    public static IReadOnlyList<RoundingPerturbation> Perturbations { get; } =
        Enumerable.Range(1, PerturbedRuns / 2)
            .SelectMany(seed => new[] { new RoundingPerturbation(PerturbationKind.InitialParameters, (ulong)seed), new RoundingPerturbation(PerturbationKind.Gradients, (ulong)seed) })
            .ToArray();

    /// <summary>True for a header key that belongs to the sensitivity block (derived data, never itself a change).</summary>
    public static bool IsSensitivityKey(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Measures the envelope of <paramref name="snapshotCase"/> whose unperturbed snapshot is <paramref name="run"/>.</summary>
    public static RoundingSensitivity Measure(SnapshotCase snapshotCase, CurveSnapshot run)
    {
        // The reruns are independent and each is deterministic, so running them in parallel gives the same envelope.
        var reruns = new CurveSnapshot[Perturbations.Count];
        Parallel.For(0, reruns.Length, k => reruns[k] = SnapshotRunner.Snapshot(snapshotCase, Perturbations[k]));
        return From([run, .. reruns]);
    }

    /// <summary>The envelope of a set of runs of one case.</summary>
    public static RoundingSensitivity From(IReadOnlyList<CurveSnapshot> runs)
    {
        var events = new Dictionary<string, EventEnvelope>();
        foreach (var (key, _) in CurveEvents.All)
        {
            var steps = runs.Select(r => CurveEvents.Step(r.Get(key))).OfType<int>().ToArray();
            events[key] = new EventEnvelope(steps.Length == 0 ? null : steps.Min(), steps.Length == 0 ? null : steps.Max(), steps.Length, runs.Count);
        }

        return new RoundingSensitivity(events);
    }

    /// <summary>The envelope kept in a snapshot's header, or null when it has none (written before it was measured).</summary>
    public static RoundingSensitivity? Read(CurveSnapshot snapshot)
    {
        var events = new Dictionary<string, EventEnvelope>();
        foreach (var (key, _) in CurveEvents.All)
        {
            if (EventEnvelope.Parse(snapshot.Get(Prefix + ShortKey(key))) is not { } envelope) return null;
            events[key] = envelope;
        }

        return new RoundingSensitivity(events);
    }

    /// <summary><paramref name="snapshot"/> with this envelope as its <c>sensitivity.*</c> header lines (replacing any).</summary>
    public CurveSnapshot AddTo(CurveSnapshot snapshot)
    {
        var header = snapshot.Header.Where(h => !IsSensitivityKey(h.Key)).ToList();
        header.Add(new(Prefix + "method", Method));
        foreach (var (key, _) in CurveEvents.All) header.Add(new(Prefix + ShortKey(key), Events[key].Render()));
        return snapshot with { Header = header };
    }

    /// <summary><paramref name="snapshot"/> without its sensitivity lines: what a run produces before the envelope is measured.</summary>
    public static CurveSnapshot Strip(CurveSnapshot snapshot) =>
        snapshot with { Header = snapshot.Header.Where(h => !IsSensitivityKey(h.Key)).ToList() };

    // summary.rebound → rebound, prediction.forecast_rebound → forecast_rebound.
    private static string ShortKey(string key) => key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
}
