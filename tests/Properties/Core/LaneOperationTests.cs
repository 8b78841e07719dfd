using System.Numerics;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The comparison, selection, sign and min operations of every lane width give, lane by lane, what the one-lane
/// reference gives, on values that include ±0, NaN, ±∞ and subnormals: a kernel written with them keeps its bits at every width.
/// </summary>
public class LaneOperationTests
{
    private static readonly double[] Values = [0.0, -0.0, 1.5, -2.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 3e300, -1e-300, 7.0, -7.0, 0.5, -0.5, 1.0];

    [Fact]
    public void Float_lanes_agree_with_the_one_lane_reference() => Check<float>();

    [Fact]
    public void Double_lanes_agree_with_the_one_lane_reference() => Check<double>();

    [Fact]
    public void Sign_is_torchs_sign_with_zero_for_nan()
    {
        double[] x = [2.5, -0.1, 0.0, -0.0, double.NaN, double.NegativeInfinity];
        Apply<double, OneLane<double>>(x, x, static (a, _) => SignOf<OneLane<double>, double>(a)).Should().Equal(1.0, -1.0, 0.0, 0.0, 0.0, -1.0);
    }

    private static void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] left = Values.Select(T.CreateTruncating).ToArray();
        T[] right = left.Reverse().ToArray();
        Same<T, Lanes256<T>>(left, right);
        Same<T, Lanes512<T>>(left, right);
    }

    private static void Same<T, TLanes>(T[] left, T[] right)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, ILanes<TLanes, T>
    {
        foreach (var (name, wide, one) in Operations<T, TLanes>())
        {
            var expected = Apply<T, OneLane<T>>(left, right, one);
            var actual = Apply<T, TLanes>(left, right, wide);
            for (int i = 0; i < expected.Length; i++)
                Bits(actual[i]).Should().Be(Bits(expected[i]), $"{name} of {left[i]} and {right[i]} at {typeof(TLanes).Name}");
        }
    }

    private static IEnumerable<(string, Func<TLanes, TLanes, TLanes>, Func<OneLane<T>, OneLane<T>, OneLane<T>>)> Operations<T, TLanes>()
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, ILanes<TLanes, T>
    {
        var one = TLanes.Splat(T.One);
        var two = TLanes.Splat(T.One + T.One);
        var one1 = OneLane<T>.Splat(T.One);
        var two1 = OneLane<T>.Splat(T.One + T.One);
        yield return ("Min", TLanes.Min, OneLane<T>.Min);
        yield return ("Sign", (a, _) => SignOf<TLanes, T>(a), (a, _) => SignOf<OneLane<T>, T>(a));
        yield return ("Select(LessThan)", (a, b) => TLanes.Select(TLanes.LessThan(a, b), one, two), (a, b) => OneLane<T>.Select(OneLane<T>.LessThan(a, b), one1, two1));
        yield return ("Select(GreaterThan)", (a, b) => TLanes.Select(TLanes.GreaterThan(a, b), a, b), (a, b) => OneLane<T>.Select(OneLane<T>.GreaterThan(a, b), a, b));
    }

    private static T[] Apply<T, TLanes>(T[] left, T[] right, Func<TLanes, TLanes, TLanes> operation)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, ILanes<TLanes, T>
    {
        var result = new T[left.Length];
        for (int i = 0; i + TLanes.Count <= left.Length; i += TLanes.Count)
            operation(TLanes.Load(ref left[0], (nuint)i), TLanes.Load(ref right[0], (nuint)i)).Store(ref result[0], (nuint)i);
        return result;
    }

    // Sign has its one definition in the interface, so it is reached through a type parameter.
    private static TLanes SignOf<TLanes, T>(TLanes x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, ILanes<TLanes, T> => TLanes.Sign(x);

    private static long Bits<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> => BitConverter.DoubleToInt64Bits(double.CreateTruncating(value));
}
