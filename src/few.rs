//! A list of a few items: on the stack while they fit, on the heap beyond.
//! The signer and the verifier gather headers and query parameters in it,
//! so that a request of the usual size costs no allocation.

use crate::prelude::*;

/// Up to `N` items inline; from the `N + 1`th on, all of them on the heap.
pub(crate) struct Few<T: Copy, const N: usize> {
    inline: [T; N],
    len: usize,
    heap: Vec<T>,
}

impl<T: Copy, const N: usize> Few<T, N> {
    /// An empty list; `filler` fills the unused inline slots.
    pub(crate) fn new(filler: T) -> Self {
        Few {
            inline: [filler; N],
            len: 0,
            heap: Vec::new(),
        }
    }

    /// Adds `item` at the end.
    #[inline]
    pub(crate) fn push(&mut self, item: T) {
        if self.heap.is_empty() {
            if let Some(slot) = self.inline.get_mut(self.len) {
                *slot = item;
                self.len += 1;
                return;
            }
            self.heap.reserve(2 * N + 1);
            self.heap.extend_from_slice(&self.inline);
        }
        self.heap.push(item);
    }

    /// The items, in the order they were added.
    #[inline]
    #[cfg_attr(not(feature = "std"), allow(dead_code))] // the verifier's
    pub(crate) fn as_slice(&self) -> &[T] {
        match self.heap.is_empty() {
            true => &self.inline[..self.len],
            false => &self.heap,
        }
    }

    /// The items, to sort them in place.
    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match self.heap.is_empty() {
            true => &mut self.inline[..self.len],
            false => &mut self.heap,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Few;

    #[test]
    fn items_stay_in_order_across_the_move_to_the_heap() {
        let mut few: Few<u32, 3> = Few::new(0);
        assert!(few.as_slice().is_empty());
        for i in 1..=3 {
            few.push(i);
        }
        assert_eq!(few.as_slice(), [1, 2, 3]);
        few.push(4);
        few.push(5);
        assert_eq!(few.as_slice(), [1, 2, 3, 4, 5]);
        few.as_mut_slice().reverse();
        assert_eq!(few.as_slice(), [5, 4, 3, 2, 1]);
    }
}
