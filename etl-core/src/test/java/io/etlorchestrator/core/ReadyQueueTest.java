package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ready queue against {@link PriorityQueue} under random adds, runs of adds and polls. */
class ReadyQueueTest {

  @Test
  void pollsInTheSameOrderAsAPriorityQueueUnderRandomOperations() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      ReadyQueue queue = new ReadyQueue(500);
      PriorityQueue<Integer> expected = new PriorityQueue<>();
      List<Integer> free = new ArrayList<>();
      for (int r = 0; r < 500; r++) {
        free.add(r);
      }
      java.util.Collections.shuffle(free, random);
      if (random.nextBoolean()) {
        int count = random.nextInt(200);
        int[] first = new int[count + 3];
        for (int k = 0; k < count; k++) {
          first[k] = free.remove(free.size() - 1);
          expected.add(first[k]);
        }
        for (int k = 0; k < count; k++) {
          queue.add(first[k]);
        }
      }
      List<Integer> polled = new ArrayList<>();
      List<Integer> reference = new ArrayList<>();
      for (int op = 0; op < 600; op++) {
        int choice = random.nextInt(10);
        if (choice < 4 && !free.isEmpty()) {
          int step = free.remove(free.size() - 1);
          queue.add(step);
          expected.add(step);
        } else if (choice < 5 && !free.isEmpty()) {
          int count = Math.min(free.size(), 1 + random.nextInt(20));
          int[] batch = new int[count];
          for (int k = 0; k < count; k++) {
            batch[k] = free.remove(free.size() - 1);
            expected.add(batch[k]);
          }
          for (int k = 0; k < count; k++) {
            queue.add(batch[k]);
          }
        } else if (!expected.isEmpty()) {
          assertThat(queue.peek()).isEqualTo(expected.peek());
          polled.add(queue.poll());
          reference.add(expected.poll());
        }
        assertThat(queue.size()).isEqualTo(expected.size());
      }
      assertThat(polled).isEqualTo(reference);
    }
  }

  @Test
  void handlesEveryLevelBoundaryUpToAMillionRanks() {
    for (int universe : new int[] {1, 63, 64, 65, 4096, 4097, 262_144, 262_145, 1_000_000}) {
      ReadyQueue queue = new ReadyQueue(universe);
      int[] ranks = {universe - 1, 0, universe / 2, Math.max(0, universe - 64), Math.min(universe - 1, 4095)};
      java.util.TreeSet<Integer> expected = new java.util.TreeSet<>();
      for (int rank : ranks) {
        queue.add(rank);
        expected.add(rank);
      }
      queue.add(0); // again: no change
      assertThat(queue.size()).isEqualTo(expected.size());
      while (!expected.isEmpty()) {
        assertThat(queue.poll()).as("universe %s", universe).isEqualTo(expected.pollFirst());
      }
      assertThat(queue.isEmpty()).isTrue();
    }
  }

  @Test
  void clearEmptiesTheQueue() {
    ReadyQueue queue = new ReadyQueue(10);
    queue.add(5);
    queue.add(3);
    queue.add(9);
    queue.clear();
    assertThat(queue.isEmpty()).isTrue();
    queue.add(4);
    assertThat(queue.poll()).isEqualTo(4);
  }
}
