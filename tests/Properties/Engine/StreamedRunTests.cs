using FsCheck;
using FsCheck.Fluent;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using OptimizerLab.Properties.Gate;
using Xunit;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// A streamed run (records to a CSV as they come, analysis in bounded memory) finds what a run holding every record in
/// memory finds, to the bit; the median it reads back in passes equals the in-memory median; a checkpoint of a streamed
/// run resumes from its CSV, even one holding rows written after the checkpoint.
/// </summary>
public class StreamedRunTests
{
    // Plateau at step 3769, rebound at 11513, sharpness crossing at 15002: every part of the story within 16 000 steps.
    private static readonly RunSpec Spec = new()
    {
        Steps = 16_000, DiagnosticsEvery = 7, SharpnessEvery = 13,
        Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "4", ["d_in"] = "4" }),
    };

    [SeededProperty(Cases = 300)]
    public Property Median_read_in_passes_equals_the_in_memory_median(NonEmptyArray<NormalFloat> input, PositiveInt held)
    {
        // Few distinct values too, so that buckets of equal keys reach the last 16 bits.
        double[] values = input.Get.Select((v, i) => i % 3 == 0 ? Math.Round(v.Get) : v.Get).ToArray();
        double expected = Statistics.MedianInPlace(values.ToArray());
        double found = StreamedMedian.Of(() => values, held.Get % 8);
        // Bit for bit, but −0 and +0, which the in-memory partition does not order (a loss or a norm is never −0).
        bool same = BitConverter.DoubleToInt64Bits(found) == BitConverter.DoubleToInt64Bits(expected) || (found == 0 && expected == 0);
        return same
            .Label($"held {held.Get % 8}: {found} vs {expected} of {string.Join(", ", values)}");
    }

    [Fact]
    public void A_streamed_run_finds_the_same_summary_prediction_and_explanation_as_one_in_memory()
    {
        var memory = Experiment.Run(Spec);
        string folder = Folder();
        using var csv = RunCsvStream.Create(Path.Combine(folder, "run.csv"));
        var session = new RunSession<float>(Spec, Spec.Problem.Build<float>(Spec.Seed), stream: csv);
        session.Advance(Spec.Steps);
        var streamed = session.Finish();
        csv.Commit();

        Assert.NotNull(memory.Summary.ReboundStep);
        Assert.Equal(memory.Summary, streamed.Summary);
        Assert.Equal(memory.Prediction, streamed.Prediction);
        Assert.Equal(memory.Explain(), streamed.Explain());
        Assert.Equal(Spec.Steps, streamed.StepsRun);
        Assert.Empty(streamed.Records.Loss);
        using var written = new StringWriter();
        RunCsv.Write(written, memory.Records);
        Assert.Equal(written.ToString(), File.ReadAllText(Path.Combine(folder, "run.csv")));
    }

    [Fact]
    public void A_streamed_checkpoint_resumes_from_its_csv_dropping_rows_after_the_checkpoint()
    {
        var memory = Experiment.Run(Spec);
        string folder = Folder();
        string path = Path.Combine(folder, "run.csv");
        System.Text.Json.Nodes.JsonObject checkpoint;
        using (var written = RunCsvStream.Create(path))
        {
            var first = new RunSession<float>(Spec, Spec.Problem.Build<float>(Spec.Seed), stream: written);
            first.Advance(5_003);
            checkpoint = first.Checkpoint();
            first.Advance(1_000); // rows past the checkpoint, written but never checkpointed
            first.Finish();
            written.Commit();
        }

        Assert.Null(checkpoint["recorder"]!["loss"]);
        Assert.Equal(6_004, File.ReadLines(path).Count());
        using var resumedCsv = RunCsvStream.Create(path);
        var resumed = RunSession<float>.Resume(checkpoint, Spec.Problem.Build<float>(Spec.Seed), stream: resumedCsv);
        Assert.Equal(5_003, resumed.Step);
        resumed.Advance(Spec.Steps);
        var result = resumed.Finish();
        resumedCsv.Commit();

        Assert.Equal(memory.Summary, result.Summary);
        Assert.Equal(memory.Prediction, result.Prediction);
        Assert.Equal(memory.Explain(), result.Explain());
        using var expected = new StringWriter();
        RunCsv.Write(expected, memory.Records);
        Assert.Equal(expected.ToString(), File.ReadAllText(path));
        Assert.Throws<InvalidDataException>(() => RunSession<float>.Resume(checkpoint, Spec.Problem.Build<float>(Spec.Seed)));
    }

    private static string Folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "optimizerlab-streamed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
