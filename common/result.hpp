#pragma once
// Result<T, E>: a value or a typed reason. GCC 12's C++20 has no std::expected,
// so this is the small subset of it that jiayi uses. Errors are values at the
// edges (STYLE.md); exceptions are for programming errors only.

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace jiayi {

template <class E>
struct Failure {
    E error;
};

// `return fail(Reason::X);` converts to any Result<T, Reason>.
template <class E>
Failure<std::decay_t<E>> fail(E&& error) {
    return {std::forward<E>(error)};
}

template <class T, class E>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    template <class F>
    requires std::is_convertible_v<F, E> Result(Failure<F> failure)
        : state_(std::in_place_index<1>, E(std::move(failure.error))) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(state_);
    }
    // By value, so `for (auto& x : make().value())` does not dangle.
    T value() && {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    const E& error() const {
        assert(!ok());
        return std::get<1>(state_);
    }

    // The value, or `fallback` when this holds an error.
    T value_or(T fallback) && { return ok() ? std::move(*this).value() : std::move(fallback); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

  private:
    std::variant<T, E> state_;
};

// Result<void, E>: success carries nothing.
struct Ok {};

template <class E>
class [[nodiscard]] Result<void, E> {
  public:
    Result(Ok = {}) {}
    template <class F>
    requires std::is_convertible_v<F, E> Result(Failure<F> failure)
        : error_(E(std::move(failure.error))), failed_(true) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const E& error() const {
        assert(failed_);
        return error_;
    }

  private:
    E error_{};
    bool failed_ = false;
};

}  // namespace jiayi
