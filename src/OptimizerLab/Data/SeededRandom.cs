using System.Numerics;
using OptimizerLab.Numerics;

namespace OptimizerLab.Data;

/// <summary>
/// The project's own random number generator, so that a seed means the same data on every OS, CPU and .NET version
/// (System.Random's algorithm is an implementation detail that has changed between releases).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Generator: xoshiro256** (Blackman and Vigna, 2018), its 256-bit state filled from the 64-bit seed by SplitMix64.</item>
/// <item>Uniform doubles in [0, 1): the top 53 bits of the next output times 2^-53.</item>
/// <item>Gaussians: Marsaglia's polar method. Draw u, v uniform in (-1, 1) until 0 &lt; s = u² + v² &lt; 1, then
/// u·sqrt(-2 ln s / s) and v·sqrt(-2 ln s / s) are two independent standard normals (returned in that order).
/// ln is <see cref="DeterministicMath.Log"/>, built from IEEE arithmetic only, so no platform libm is involved.</item>
/// <item>Values for float32 data are drawn in double and rounded once.</item>
/// </list>
/// </remarks>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates the generator for a seed.</summary>
    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method with rejection).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong range = (ulong)bound;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
            if (low >= threshold) return (int)high;
        }
    }

    /// <summary>A standard normal deviate (Marsaglia's polar method).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);

        double factor = Math.Sqrt(-2.0 * DeterministicMath.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Fills with standard normals times <paramref name="scale"/>.</summary>
    public void FillGaussian<T>(Span<T> values, double scale = 1.0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateTruncating(scale * NextGaussian());
    }

    /// <summary>Fills with uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform<T>(Span<T> values, double low, double high) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateTruncating(low + (high - low) * NextDouble());
    }

    /// <summary>Shuffles in place (Fisher–Yates, from the last element down).</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>The generator's full state (four state words, then the cached second Gaussian's bits and whether it is cached), for checkpoints.</summary>
    public ulong[] SaveState() =>
        [_s0, _s1, _s2, _s3, (ulong)BitConverter.DoubleToInt64Bits(_spareGaussian), _hasSpare ? 1UL : 0UL];

    /// <summary>Restores a state from <see cref="SaveState"/>.</summary>
    public void LoadState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 6) throw new InvalidDataException($"A SeededRandom state has 6 words, not {state.Length}.");
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new InvalidDataException("A xoshiro256** state cannot be all zero.");
        if (state[5] > 1) throw new InvalidDataException("The cached-Gaussian flag of a SeededRandom state must be 0 or 1.");
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
        _spareGaussian = BitConverter.Int64BitsToDouble((long)state[4]);
        _hasSpare = state[5] == 1;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
