using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Argument checks of the schedules. Where torch checks, the message is torch's; where torch does not check but would
/// fail later (a division by zero) or silently misbehave, the message follows torch's own style
/// ("Expected positive integer total_steps, but got 0").
/// </summary>
internal static class ScheduleCheck
{
    public static void PositiveInteger(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"Expected positive integer {name}, but got {value}");
    }

    public static void NonNegativeInteger(long value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"Expected non-negative integer {name}, but got {value}");
    }

    /// <summary>A finite float greater than zero (a divisor).</summary>
    public static void PositiveFinite(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"Expected positive finite {name}, but got {PythonFloat.Repr(value)}");
    }

    /// <summary>A finite float, zero or more.</summary>
    public static void NonNegativeFinite(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"Expected non-negative finite {name}, but got {PythonFloat.Repr(value)}");
    }

    /// <summary>Any float but NaN and the infinities.</summary>
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"Expected finite {name}, but got {PythonFloat.Repr(value)}");
    }

    /// <summary>torch's check for <c>cycle_momentum=True</c>: the optimizer must have a momentum or a beta1 to cycle.</summary>
    public static void HasCyclicMomentum(IOptimizer optimizer)
    {
        foreach (var options in optimizer.GroupOptions)
        {
            if (options.CyclicMomentum is null)
                throw new ArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled", nameof(optimizer));
        }
    }
}
