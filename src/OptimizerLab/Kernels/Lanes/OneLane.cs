using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels.Lanes;

/// <summary>One element: a kernel's loop body at this width is its scalar reference, and the tail of every wider run.</summary>
internal readonly struct OneLane<T> : ILanes<OneLane<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _value;

    private OneLane(T value) => _value = value;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> Load(ref T source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> Splat(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> FusedMultiplyAdd(OneLane<T> a, OneLane<T> b, OneLane<T> c) => new(T.FusedMultiplyAdd(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> Sqrt(OneLane<T> x) => new(T.Sqrt(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> Max(OneLane<T> left, OneLane<T> right) => new(T.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> Abs(OneLane<T> x) => new(T.Abs(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> Min(OneLane<T> left, OneLane<T> right) => new(T.Min(left._value, right._value));

    // A mask lane is a NaN (set) or zero, as a vector comparison's lane is all bits set (a NaN) or zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> LessThan(OneLane<T> left, OneLane<T> right) => new(left._value < right._value ? T.NaN : T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> GreaterThan(OneLane<T> left, OneLane<T> right) => new(left._value > right._value ? T.NaN : T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> Select(OneLane<T> mask, OneLane<T> ifTrue, OneLane<T> ifFalse) => T.IsNaN(mask._value) ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint index) => Unsafe.Add(ref destination, index) = _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> operator +(OneLane<T> left, OneLane<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> operator -(OneLane<T> left, OneLane<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> operator *(OneLane<T> left, OneLane<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> operator /(OneLane<T> left, OneLane<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OneLane<T> operator -(OneLane<T> value) => new(-value._value);
}
