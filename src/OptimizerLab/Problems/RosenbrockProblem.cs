using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Problems;

/// <summary>
/// The Rosenbrock function in D ≥ 2 dimensions (the chained form):
/// f(x) = Σ_{i&lt;D−1} 100·(x[i+1] − x[i]²)² + (1 − x[i])², minimum 0 at (1, …, 1); the classic start is (−1.2, 1, −1.2, 1, …).
/// A curved valley that no quadratic model captures; computed in T.
/// </summary>
public sealed class RosenbrockProblem<T> : Problem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T> _x;
    private readonly Parameter<T>[] _parameters;

    /// <summary>Starts at <paramref name="start"/>, or at the classic (−1.2, 1, …) when null.</summary>
    public RosenbrockProblem(int dimension = 2, IReadOnlyList<double>? start = null)
    {
        if (dimension < 2) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Rosenbrock needs at least 2 dimensions.");
        if (start is not null && start.Count != dimension)
            throw new ArgumentException($"The start point has {start.Count} values but the dimension is {dimension}.", nameof(start));
        var initial = new T[dimension];
        for (int i = 0; i < dimension; i++) initial[i] = T.CreateTruncating(start?[i] ?? (i % 2 == 0 ? -1.2 : 1.0));
        _x = new Parameter<T>(initial, "x");
        _parameters = [_x];
    }

    /// <inheritdoc />
    public override string Description => $"Rosenbrock D={_x.Length}";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <inheritdoc />
    public override double LossAndGradient() => Evaluate(withGradient: true);

    /// <inheritdoc />
    public override double Loss() => Evaluate(withGradient: false);

    private double Evaluate(bool withGradient)
    {
        var x = _x.Value;
        var g = _x.Grad;
        T hundred = T.CreateTruncating(100.0), two = T.CreateTruncating(2.0), four = T.CreateTruncating(4.0);
        if (withGradient) Array.Clear(g);
        T loss = T.Zero;
        for (int i = 0; i < x.Length - 1; i++)
        {
            T valley = x[i + 1] - x[i] * x[i];
            T offset = T.One - x[i];
            loss += hundred * valley * valley + offset * offset;
            if (!withGradient) continue;
            g[i] -= four * hundred * valley * x[i] + two * offset;
            g[i + 1] += two * hundred * valley;
        }

        return double.CreateTruncating(loss);
    }
}
