using System.Numerics;
using System.Reflection;
using OptimizerLab.Optimizers;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// One optimizer configuration run side by side by OptimizerLab and by TorchSharp: our optimizer's open generic type,
/// its options, and how to build TorchSharp's optimizer from the same options (so the two can never be configured apart).
/// </summary>
/// <param name="Name">Shown in the test name.</param>
/// <param name="OurType">Our optimizer as an open generic type, e.g. <c>typeof(Adam&lt;&gt;)</c>; built for float and double.</param>
/// <param name="Options">Our options; every hyper-parameter is passed to TorchSharp explicitly from here.</param>
/// <param name="CreateTorch">Builds TorchSharp's optimizer over its parameters from <paramref name="Options"/>.</param>
/// <param name="UlpsPerStep">U: how many ulps of max(1, |θ|) the two may drift apart per step (see <see cref="ParityTolerance"/>).</param>
public sealed record ParityCase(
    string Name,
    Type OurType,
    OptimizerOptions Options,
    Func<IEnumerable<TorchParameter>, OptimizerOptions, torch.optim.Optimizer> CreateTorch,
    double UlpsPerStep)
{
    /// <summary>
    /// Both sides train on this multiple of the summed squared error (1 unless a case needs smaller gradients; see
    /// <see cref="OptimizerParityCases.RAdam"/>).
    /// </summary>
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

    /// <summary>A case whose TorchSharp factory and tolerance read the concrete options type.</summary>
    public static ParityCase Of<TOptions>(string name, Type ourType, TOptions options,
        Func<IEnumerable<TorchParameter>, TOptions, torch.optim.Optimizer> createTorch, Func<TOptions, double> ulpsPerStep)
        where TOptions : OptimizerOptions =>
        new(name, ourType, options, (parameters, o) => createTorch(parameters, (TOptions)o), ulpsPerStep(options));

    /// <summary>A case whose tolerance also allows R_s ulps of each step's update (<see cref="UpdateUlpsAt"/>).</summary>
    public static ParityCase Of<TOptions>(string name, Type ourType, TOptions options,
        Func<IEnumerable<TorchParameter>, TOptions, torch.optim.Optimizer> createTorch, Func<TOptions, double> ulpsPerStep,
        Func<TOptions, long, double, double> updateUlps)
        where TOptions : OptimizerOptions =>
        Of(name, ourType, options, createTorch, ulpsPerStep) with { UpdateUlpsAt = (step, epsilon) => updateUlps(options, step, epsilon) };

    /// <summary>
    /// Builds our optimizer for element type <typeparamref name="T"/> through its
    /// <c>(IEnumerable&lt;Parameter&lt;T&gt;&gt;, TOptions, ...)</c> constructor, the shape every OptimizerLab optimizer has.
    /// </summary>
    public IOptimizer<T> CreateOurs<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Type type = OurType.MakeGenericType(typeof(T));
        ConstructorInfo constructor = type.GetConstructors().SingleOrDefault(c =>
            c.GetParameters() is [var first, var second, ..]
            && first.ParameterType == typeof(IEnumerable<Parameter<T>>)
            && second.ParameterType.IsInstanceOfType(Options))
            ?? throw new InvalidOperationException($"{type.Name} has no constructor (IEnumerable<Parameter<T>>, {Options.GetType().Name}, ...).");
        object?[] arguments = constructor.GetParameters()
            .Select((p, i) => i == 0 ? parameters : i == 1 ? Options with { } : p.DefaultValue)
            .ToArray();
        return (IOptimizer<T>)constructor.Invoke(arguments);
    }

    /// <summary>Builds TorchSharp's optimizer.</summary>
    public torch.optim.Optimizer CreateTorchOptimizer(IEnumerable<TorchParameter> parameters) => CreateTorch(parameters, Options);

    /// <inheritdoc />
    public override string ToString() => Name;
}
