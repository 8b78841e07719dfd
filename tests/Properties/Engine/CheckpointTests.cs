using System.Text.Json.Nodes;
using OptimizerLab.Lab;
using OptimizerLab.Problems;

namespace OptimizerLab.Properties.Engine;

/// <summary>A run saved at step k and resumed gives the same bits as a run that never stopped.</summary>
public class CheckpointTests
{
    private static RunSpec Spec(string optimizer, Precision precision, string? batch, string? schedule = null) => new()
    {
        Schedule = schedule,
        ScheduleSettings = schedule switch
        {
            "cycliclr" => new Dictionary<string, string> { ["base_lr"] = "1e-4", ["max_lr"] = "1e-2", ["step_size_up"] = "50" },
            "reducelronplateau" => new Dictionary<string, string> { ["patience"] = "5", ["factor"] = "0.5" },
            _ => new Dictionary<string, string>(),
        },
        ClipNorm = schedule is null ? null : 10.0,
        Optimizer = optimizer,
        Precision = precision,
        Steps = 500,
        DiagnosticsEvery = 9,
        SharpnessEvery = 40,
        Problem = new ProblemSpec("seed", batch is null
            ? new Dictionary<string, string> { ["n"] = "32", ["d_in"] = "100" }
            : new Dictionary<string, string> { ["n"] = "32", ["d_in"] = "100", ["batch"] = batch }),
    };

    [Theory]
    [InlineData("adam", Precision.Float32, null, 237)]
    [InlineData("amsgrad", Precision.Float64, null, 1)]
    [InlineData("adamw", Precision.Float32, "10", 123)]
    [InlineData("adam", Precision.Float64, null, 77, "cycliclr")]
    [InlineData("adam", Precision.Float32, "8", 311, "reducelronplateau")]
    [InlineData("lbfgs", Precision.Float64, null, 4)]
    public void Resumed_run_is_bit_identical(string optimizer, Precision precision, string? batch, int k, string? schedule = null)
    {
        if (precision == Precision.Float32) Check<float>(Spec(optimizer, precision, batch, schedule), k);
        else Check<double>(Spec(optimizer, precision, batch, schedule), k);
    }

    private static void Check<T>(RunSpec spec, int k) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var straightProblem = spec.Problem.Build<T>(spec.Seed);
        var straight = Experiment.Run(spec, straightProblem);

        var first = new RunSession<T>(spec, spec.Problem.Build<T>(spec.Seed));
        first.Advance(k);
        string saved = first.Checkpoint().ToJsonString();

        var resumedProblem = spec.Problem.Build<T>(spec.Seed);
        var resumed = RunSession<T>.Resume(JsonNode.Parse(saved)!, resumedProblem);
        resumed.Step.Should().Be(k);
        resumed.Advance(spec.Steps);
        var result = resumed.Finish();

        result.Records.Loss.Should().Equal(straight.Records.Loss);
        result.Records.Diagnostics.Should().Equal(straight.Records.Diagnostics);
        result.Prediction.Should().Be(straight.Prediction);
        for (int p = 0; p < straightProblem.Parameters.Count; p++)
            resumedProblem.Parameters[p].Value.Should().Equal(straightProblem.Parameters[p].Value);
    }

    [Fact]
    public void A_checkpoint_for_another_precision_is_refused()
    {
        var spec = Spec("adam", Precision.Float32, null);
        var session = new RunSession<float>(spec, spec.Problem.Build<float>(0));
        session.Advance(3);
        var resume = () => RunSession<double>.Resume(session.Checkpoint(), spec.Problem.Build<double>(0));
        resume.Should().Throw<InvalidDataException>().WithMessage("*float32*float64*");
    }

    [Fact]
    public void A_checkpoint_for_another_layout_is_refused()
    {
        var spec = Spec("adam", Precision.Float32, null);
        var session = new RunSession<float>(spec, spec.Problem.Build<float>(0));
        session.Advance(3);
        var other = LeastSquaresProblem<float>.Seeded(0, rows: 32, inputs: 99);
        var resume = () => RunSession<float>.Resume(session.Checkpoint(), other);
        resume.Should().Throw<InvalidDataException>().WithMessage("*'weight' with 100 values*'weight' with 99*another parameter layout*");
    }

    [Fact]
    public void A_hand_edited_checkpoint_is_refused_with_the_field_named()
    {
        var spec = Spec("adam", Precision.Float32, null);
        var session = new RunSession<float>(spec, spec.Problem.Build<float>(0));
        session.Advance(3);
        var checkpoint = session.Checkpoint();
        checkpoint["step"] = 9999;
        var resume = () => RunSession<float>.Resume(checkpoint, spec.Problem.Build<float>(0));
        resume.Should().Throw<InvalidDataException>().WithMessage("*step 9999 is outside 0…500*");
    }
    [Fact]
    public void A_truncated_checkpoint_is_refused_and_never_half_loaded()
    {
        var spec = Spec("adam", Precision.Float32, null);
        var session = new RunSession<float>(spec, spec.Problem.Build<float>(0));
        session.Advance(3);
        string text = session.Checkpoint().ToJsonString();
        // Cut inside the text: the JSON reader refuses it with the byte position, before any state is built.
        var parse = () => JsonNode.Parse(text[..(text.Length / 2)]);
        parse.Should().Throw<System.Text.Json.JsonException>().WithMessage("*BytePositionInLine*");
        // Cut at the object level: a checkpoint missing a whole field names the field.
        var cut = session.Checkpoint();
        cut.Remove("spec");
        var resume = () => RunSession<float>.Resume(cut, spec.Problem.Build<float>(0));
        resume.Should().Throw<InvalidDataException>().WithMessage("*lacks \"spec\"*");
    }
}
