using System.Text.Json.Nodes;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// A run spec carries its optimizer's options typed, parsed once where they enter: the spec's JSON (a sweep store's key,
/// a checkpoint's) depends on the values, not on how they were written, and nothing a run does changes the spec's options.
/// </summary>
public class RunSpecOptionsTests
{
    private static RunSpec Spec(params (string Key, string Value)[] settings) => new()
    {
        Optimizer = "adam",
        Options = OptimizerCatalog.Options("adam", settings.Select(s => KeyValuePair.Create(s.Key, s.Value))),
        Steps = 20,
        Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "8", ["d_in"] = "5" }),
    };

    [Fact]
    public void The_json_holds_the_options_that_differ_from_the_defaults_in_round_trip_form()
    {
        var json = Spec(("lr", "1e-5"), ("betas", "0.9,0.99"), ("eps", "1e-8")).ToJson();
        json["optimizerSettings"]!.ToJsonString().Should().Be("""{"beta2":"0.99","lr":"1E-05"}""");
        new RunSpec().ToJson()["optimizerSettings"]!.ToJsonString().Should().Be("{}", "a spec without options writes none");
    }

    [Fact]
    public void Options_written_two_ways_give_one_key()
    {
        var store = new SweepStore(Path.Combine(Path.GetTempPath(), "optimizerlab-runspec-options"));
        store.PathOf(Spec(("lr", "1e-5"))).Should().Be(store.PathOf(Spec(("lr", "0.00001"))));
        store.PathOf(Spec(("betas", "0.9,0.99"))).Should().Be(store.PathOf(Spec(("beta2", "0.99"))));
        store.PathOf(Spec(("lr", "1e-3"))).Should().Be(store.PathOf(new RunSpec { Steps = 20, Problem = Spec().Problem }), "lr=1e-3 is Adam's default");
        store.PathOf(Spec(("lr", "1e-4"))).Should().NotBe(store.PathOf(Spec(("lr", "1e-5"))));
    }

    [Fact]
    public void The_json_reads_back_to_the_same_typed_options()
    {
        var spec = Spec(("lr", "0.003"), ("amsgrad", "true"), ("betas", "0.8,0.9"));
        var read = RunSpec.FromJson(JsonNode.Parse(spec.ToJson().ToJsonString())!);
        read.Options.Should().Be(spec.Options);
        read.SameRunAs(spec).Should().BeTrue();
    }

    [Fact]
    public void A_spec_keeps_its_own_copy_of_the_options()
    {
        var options = new AdamOptions { Lr = 1e-2 };
        var spec = new RunSpec { Options = options, Steps = 30, Schedule = "exponentiallr", ScheduleSettings = new Dictionary<string, string> { ["gamma"] = "0.5" } };
        options.Lr = 5;
        spec.Options!.Lr.Should().Be(1e-2, "changing the record given does not change the spec");
        Experiment.Run(spec with { Problem = Spec().Problem });
        spec.Options.Lr.Should().Be(1e-2, "a run's schedule changes its optimizer's copy, not the spec's");
    }

    [Fact]
    public void Options_of_another_optimizer_are_refused_naming_both()
    {
        var validate = () => new RunSpec { Optimizer = "sgd", Options = new AdamOptions() }.Validate();
        validate.Should().Throw<ArgumentException>().WithMessage("Optimizer 'sgd' needs SgdOptions, not AdamOptions.*");
    }

    [Fact]
    public void Invalid_options_are_refused_with_torchs_message()
    {
        var validate = () => new RunSpec { Options = new AdamOptions { Lr = -1 } }.Validate();
        validate.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Invalid learning rate: -1.0*");
    }
}
