using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels.Lanes;

/// <summary>
/// A <see cref="Vector512{T}"/>: 64 bytes per operation, each lane rounded as the one-lane reference rounds it.
/// Software-emulated where the hardware lacks AVX-512: <see cref="KernelDispatch"/> then skips it, tests still run it.
/// </summary>
internal readonly struct Lanes512<T> : ILanes<Lanes512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _value;

    private Lanes512(Vector512<T> value) => _value = value;

    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Load(ref T source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Splat(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> FusedMultiplyAdd(Lanes512<T> a, Lanes512<T> b, Lanes512<T> c) => new(Lanes.FusedMultiplyAdd.Apply(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Sqrt(Lanes512<T> x) => new(Vector512.Sqrt(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Max(Lanes512<T> left, Lanes512<T> right) => new(Vector512.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Abs(Lanes512<T> x) => new(Vector512.Abs(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Min(Lanes512<T> left, Lanes512<T> right) => new(Vector512.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> LessThan(Lanes512<T> left, Lanes512<T> right) => new(Vector512.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> GreaterThan(Lanes512<T> left, Lanes512<T> right) => new(Vector512.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Select(Lanes512<T> mask, Lanes512<T> ifTrue, Lanes512<T> ifFalse) => new(Vector512.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint index) => _value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator +(Lanes512<T> left, Lanes512<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator -(Lanes512<T> left, Lanes512<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator *(Lanes512<T> left, Lanes512<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator /(Lanes512<T> left, Lanes512<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator -(Lanes512<T> value) => new(-value._value);
}
