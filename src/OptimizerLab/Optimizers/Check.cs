using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>Hyper-parameter checks that throw with torch's wording ("Invalid learning rate: -1.0").</summary>
/// <remarks>
/// Written as <c>!(low &lt;= value)</c> so that NaN fails every check, as it does in torch.
/// Unlike torch, infinities are rejected too: no optimizer is defined for an infinite hyper-parameter.
/// </remarks>
internal static class Check
{
    public static void NonNegative(double value, string parameterName, string message)
    {
        if (!(value >= 0.0) || double.IsInfinity(value)) Fail(value, parameterName, message);
    }

    /// <summary>0 &lt;= value &lt; 1, the range of a beta or decay rate.</summary>
    public static void InUnitInterval(double value, string parameterName, string message)
    {
        if (!(value >= 0.0 && value < 1.0)) Fail(value, parameterName, message);
    }

    /// <summary>0 &lt;= value &lt;= 1.</summary>
    public static void InClosedUnitInterval(double value, string parameterName, string message)
    {
        if (!(value >= 0.0 && value <= 1.0)) Fail(value, parameterName, message);
    }

    public static void Finite(double value, string parameterName, string message)
    {
        if (!double.IsFinite(value)) Fail(value, parameterName, message);
    }

    public static void Fail(double value, string parameterName, string message) =>
        throw new ArgumentOutOfRangeException(parameterName, value, $"{message}: {PythonFloat.Repr(value)}");

    /// <summary>Throws unless <paramref name="condition"/> holds; takes the value as a bool and boxes it only on failure (validation runs on every step, allocation-free).</summary>
    public static void Requires(bool condition, string parameterName, bool value, string message)
    {
        if (!condition) throw new ArgumentOutOfRangeException(parameterName, value, message);
    }
}
