using System.Numerics;
using System.Reflection;
using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// One optimizer configuration run side by side by OptimizerLab and by TorchSharp: the test-table entry that builds
/// ours, its options, and how to build TorchSharp's optimizer from the same options (so the two can never be configured apart).
/// </summary>
/// <param name="Name">Shown in the test name.</param>
/// <param name="Entry">The optimizer's test-table entry; it builds our optimizer for float and double.</param>
/// <param name="Options">Our options; every hyper-parameter is passed to TorchSharp explicitly from here.</param>
/// <param name="CreateTorch">Builds TorchSharp's optimizer over its parameters from <paramref name="Options"/>.</param>
/// <param name="UlpsPerStep">U: how many ulps of max(1, |θ|) the two may drift apart per step (see <see cref="ParityTolerance"/>).</param>
public sealed record ParityCase(
    string Name,
    OptimizerEntry Entry,
    OptimizerOptions Options,
    Func<IEnumerable<TorchParameter>, OptimizerOptions, torch.optim.Optimizer> CreateTorch,
    double UlpsPerStep)
{
    /// <summary>Both sides train on this multiple of the summed squared error (1 unless the entry says otherwise).</summary>
    public double LossScale { get; init; } = 1;

    /// <summary>
    /// R_s: how many ulps of the step's largest update the two may differ by in step s, given ε of the dtype
    /// (see <see cref="ParityTolerance"/>); none unless set.
    /// </summary>
    public Func<long, double, double> UpdateUlpsAt { get; init; } = (_, _) => 0;

    /// <summary>
    /// The part of U that depends on the dtype's machine epsilon (given): ulps of max(1, |θ|) per step from a scalar that
    /// one side keeps in a fixed precision whatever the dtype (ASGD's η, float32 in PyTorch, double in TorchSharp); none unless set.
    /// </summary>
    public Func<double, double> UlpsPerStepAt { get; init; } = _ => 0;

    /// <summary>R_s for step <paramref name="step"/> in a dtype whose machine epsilon is <paramref name="epsilon"/>.</summary>
    public double UpdateUlps(long step, double epsilon) => UpdateUlpsAt(step, epsilon);

    /// <summary>
    /// The case an entry states (<see cref="OptimizerEntry.TorchSharpParity"/>): TorchSharp's <c>torch.optim</c> function
    /// called with the entry's positional arguments, and the entry's tolerance. Whether TorchSharp refuses the options is
    /// the caller's to check (<see cref="TorchSharpParityCase.Refused"/>): the departure tests build refused cases on purpose.
    /// </summary>
    public static ParityCase From(TorchSharpParityCase c) =>
        new(c.Name, c.Entry, c.Options, (parameters, o) => CreateTorchOptimizer(c.Function, parameters, c.Arguments(o)), c.UlpsPerStep)
        {
            LossScale = c.LossScale,
            UpdateUlpsAt = c.UpdateUlps,
            UlpsPerStepAt = c.UlpsPerStepAt,
        };

    /// <summary>A case for any options of a catalog optimizer, through its test-table entry.</summary>
    public static ParityCase Of(string optimizer, string name, OptimizerOptions options) =>
        From(OptimizerTable.Of(optimizer).TorchSharpCase(name, options));

    /// <summary>Our optimizer over <paramref name="parameters"/> for element type <typeparamref name="T"/> (a copy of the options).</summary>
    public IOptimizer<T> CreateOurs<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        Entry.Build(parameters, Options with { });

    /// <summary>Builds TorchSharp's optimizer.</summary>
    public torch.optim.Optimizer CreateTorchOptimizer(IEnumerable<TorchParameter> parameters) => CreateTorch(parameters, Options);

    /// <summary>
    /// <c>torch.optim.&lt;function&gt;(parameters, arguments...)</c>: the overload over <c>IEnumerable&lt;Parameter&gt;</c> that
    /// takes at least that many arguments (the rest left at their defaults), each argument converted to its parameter's type.
    /// </summary>
    private static torch.optim.Optimizer CreateTorchOptimizer(string function, IEnumerable<TorchParameter> parameters, object[] arguments)
    {
        MethodInfo method = typeof(torch.optim).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == function && m.GetParameters() is [var first, ..] && first.ParameterType == typeof(IEnumerable<TorchParameter>))
            .Where(m => m.GetParameters().Length > arguments.Length && m.GetParameters().Skip(arguments.Length + 1).All(p => p.HasDefaultValue))
            .OrderBy(m => m.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"TorchSharp has no torch.optim.{function}(IEnumerable<Parameter>, ...) taking {arguments.Length} arguments.");
        ParameterInfo[] declared = method.GetParameters();
        object?[] call = declared
            .Select((p, i) => i == 0 ? parameters : i <= arguments.Length ? Convert.ChangeType(arguments[i - 1], p.ParameterType, System.Globalization.CultureInfo.InvariantCulture) : p.DefaultValue)
            .ToArray();
        return (torch.optim.Optimizer)method.Invoke(null, call)!;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
