namespace OptimizerLab.Cli.Tests;

/// <summary>Contradictory options, and unknown names with "did you mean".</summary>
public partial class BadInputTests
{
    public static TheoryData<string[], string[]> ContradictoryOptions() => new()
    {
        { ["--d-in", "5"], ["--d-in", "--x"] },
        { ["--n", "5"], ["--n", "--x"] },
        { ["--d-out", "2"], ["--d-out", "--x"] },
        { ["--problem", "rosenbrock"], ["--problem rosenbrock", "--x"] },
        { ["--problem-set", "d_in=5"], ["--problem-set d_in=5", "your own data"] },
        { ["--no-bias", "--init-bias", "BIAS"], ["--init-bias", "--no-bias"] },
    };

    [Theory]
    [MemberData(nameof(ContradictoryOptions))]
    public void An_option_own_data_decides_contradicts_x(string[] extra, string[] named)
    {
        var (x, y) = SmallData();
        string message = Refused(["run", "--x", x, "--y", y, .. extra.Select(e => e == "BIAS" ? y : e)]);
        foreach (string option in named) message.Should().Contain(option);
    }

    public static TheoryData<string[], string> OptionsTheProblemIgnores() => new()
    {
        { ["run", "--problem", "rosenbrock", "--d-in", "5"], "--d-in does not apply to --problem rosenbrock, whose settings are d; remove --d-in or choose another --problem." },
        { ["run", "--problem", "logistic", "--no-bias"], "--no-bias does not apply to --problem logistic, whose settings are n, d, separable, reduction, batch; remove --no-bias or choose another --problem." },
        { ["sweep", "--problem", "quadratic", "--reduction", "mean"], "--reduction does not apply to --problem quadratic, whose settings are eigenvalues, d, max_eigenvalue, rotate; remove --reduction or choose another --problem." },
        { ["run", "--problem", "rosenbrock", "--problem-set", "n=5"], "--problem-set n=5: --problem rosenbrock has no setting 'n'; did you mean 'd'? Its settings: d." },
        { ["run", "--problem-set", "d=5"], "--problem-set d=5: --problem seed (the default) has no setting 'd'; did you mean 'n'? Its settings: n, d_in, d_out, bias, reduction, batch." },
        { ["run", "--n", "5", "--problem-set", "n=6"], "--problem-set n=6 and --n 5 both set 'n'; give it once." },
        { ["run", "--problem", "quadratic", "--problem-set", "eigenvalues=1,10", "--problem-set", "max_eigenvalue=50"],
            "--problem-set eigenvalues=1,10 and --problem-set max_eigenvalue=50 contradict each other: eigenvalues lists them all, d and max_eigenvalue make a log-spaced list; give one or the other." },
        { ["run", "--problem", "rosenbrock", "--sharpness-every", "10"],
            "--sharpness-every 10 does not apply to --problem rosenbrock: the sharpness is measured only on problems with a constant Hessian (seed, least-squares, quadratic, your own data)." },
        { ["run", "--momentum", "0.9"], "--momentum does not apply to --optimizer adam, whose options are lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay, betas; remove --momentum." },
        { ["sweep", "--optimizer", "adam,sgd", "--momentum", "0.9"], "--momentum does not apply to --optimizer adam, whose options are lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay, betas; remove --momentum or sweep it in a separate run." },
        { ["run", "--betas", "0.9,0.99", "--set", "beta2=0.9"], "The optimizer option 'beta2' is given twice: by --betas and by --set." },
        { ["run", "--optimizer", "rprop", "--set", "etas=0.4,1.3", "--set", "etaplus=1.1"], "The optimizer option 'etaplus' is given twice: by --set and by --set." },
        { ["run", "--optimizer", "rprop", "--set", "etas=0.4"], "--set etas=0.4: Option 'etas' of rprop takes 2 numbers like 0.5,1.2; got '0.4'." },
        { ["run", "--optimizer", "rprop", "--set", "etas=0.5,0.9"], "--set etas=0.5,0.9: Invalid eta values: 0.5, 0.9" },
        { ["run", "--schedule", "steplr:step_size=5,step_size=6"], "--schedule steplr: the setting 'step_size' is given twice." },
    };

    [Theory]
    [MemberData(nameof(OptionsTheProblemIgnores))]
    public void An_option_the_problem_or_optimizer_ignores_is_an_error_naming_both(string[] args, string message) => Refused(args).Should().Be(message);

    /// <summary>The catalog's names as the error lists them, so a new optimizer needs no edit here.</summary>
    private static string KnownOptimizers => string.Join(", ", OptimizerLab.Optimizers.OptimizerCatalog.Names);

    public static TheoryData<string[], string> Typos() => new()
    {
        { ["swep"], "unknown command 'swep'; did you mean 'sweep'? Commands: reproduce, run, sweep, explain, compare, validate-predictions (see --help)" },
        { ["explian", "a.csv"], "unknown command 'explian'; did you mean 'explain'? Commands: reproduce, run, sweep, explain, compare, validate-predictions (see --help)" },
        { ["run", "--optimzer", "adam"], "run has no option '--optimzer'; did you mean '--optimizer'? (see --help)" },
        { ["sweep", "--seed", "3"], "sweep has no option '--seed'; did you mean '--seeds'? (see --help)" },
        { ["run", "--optimizer", "adma"], $"--optimizer: unknown optimizer 'adma'; did you mean 'adam'? Known: {KnownOptimizers}." },
        { ["sweep", "--optimizer", "adam,sgdd"], $"--optimizer: unknown optimizer 'sgdd'; did you mean 'sgd'? Known: {KnownOptimizers}." },
        { ["run", "--optimizer", "shampoo"], $"--optimizer: unknown optimizer 'shampoo'. Known: {KnownOptimizers}." },
        { ["run", "--schedule", "cosine:t_max=10"], "--schedule: unknown schedule 'cosine'; did you mean 'cosineannealinglr'? Known: steplr, multisteplr, exponentiallr, cosineannealinglr, linearlr, cycliclr, onecyclelr, reducelronplateau, constantlr, polynomiallr, cosineannealingwarmrestarts, swalr, sequentiallr, chainedscheduler." },
        { ["run", "--schedule", "steplr:step_sze=3"], "--schedule steplr: steplr has no setting 'step_sze'; did you mean 'step_size'? Its settings: step_size (required), gamma (0.1)." },
        { ["run", "--problem", "rosenbrok"], "--problem: unknown problem 'rosenbrok'; did you mean 'rosenbrock'? Known: seed, least-squares, logistic, quadratic, rosenbrock." },
        { ["run", "--problem", "quadratic", "--problem-set", "max_eigenvalu=9"], "--problem-set max_eigenvalu=9: --problem quadratic has no setting 'max_eigenvalu'; did you mean 'max_eigenvalue'? Its settings: eigenvalues, d, max_eigenvalue, rotate." },
        { ["run", "--optimizer", "sgd", "--set", "momentm=0.9"], "--set momentm=0.9: sgd has no option 'momentm'; did you mean 'momentum'? Its options: lr, momentum, dampening, weight_decay, nesterov, maximize." },
        { ["run", "--format", "jsn"], "--format takes text or json; got 'jsn'; did you mean 'json'? (see --help)" },
        { ["run", "--precision", "flaot32"], "--precision takes float32 or float64; got 'flaot32'; did you mean 'float32'?" },
        { ["run", "--reduction", "summ"], "--reduction takes sum or mean; got 'summ'; did you mean 'sum'?" },
    };

    [Theory]
    [MemberData(nameof(Typos))]
    public void An_unknown_name_suggests_the_closest_known_one(string[] args, string message) => Refused(args).Should().Be(message);

    [Theory]
    [InlineData("adma", "adam", 1)]
    [InlineData("swep", "sweep", 1)]
    [InlineData("sweep", "sweep", 0)]
    [InlineData("abc", "xyz", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one(string a, string b, int distance)
    {
        Suggestions.Distance(a, b).Should().Be(distance);
        Suggestions.Distance(b, a).Should().Be(distance);
    }

    [Fact]
    public void Nothing_is_suggested_when_nothing_is_close() =>
        Suggestions.DidYouMean("frobnicate", ["run", "sweep", "explain", "reproduce"]).Should().BeEmpty();

    [Fact]
    public void A_tie_lists_every_closest_name() =>
        Suggestions.DidYouMean("adamx", ["adam", "adamw", "adamax"]).Should().Be("; did you mean 'adam' or 'adamw' or 'adamax'?");
}
