// The engine's own algorithm in C++, over the engine's own arrays: a one-to-all search on the core
// graph (engine/core.ts: chains of shape points contracted into single edges), then optionally
// every node of the full graph filled in from the core times, exactly as CoreSearch.run and
// CoreSearch.expand do it, step for step as the engine's WebAssembly search (assembly/core-search.ts;
// engine/search.ts and engine/heap.ts are its TypeScript reference). Same data structures: an indexed
// binary heap with decrease-key (ids, keys and 1-based positions in three uint32 arrays), times
// reset only at the nodes the last query touched, the cutoff checked before a node is labelled.
// The WebAssembly search lays out each edge's head and weight side by side and a heap item's key
// and id in one 64-bit slot (fewer base addresses for V8's registers); tried here, that layout made
// g++ -O2 no faster (the grid 1.05-1.07x slower with the edges paired, 1.01x with the slots;
// alternating runs, 2026-12-06), so this keeps the separate arrays: each side at its best.
// Nothing is allocated per query. Where the engine's code takes a branch-free form (the heap's
// choice of child, the fill-in's minimum), this does too, in the form g++ compiles branch-free. Built and run by benchmarks/native.ts; reads one binary file and
// prints one JSON line.
//
// Input (little endian u32 unless noted): n (full-graph nodes), k (core nodes), m (core edges),
// cutoff (ds), runs, s (sources), core firstOut[k+1], core head[m], core timeDs[m], coreOf[n]
// (int32, -1 on a chain node), edgeTail[m], entryStart[n+1], entryEdge[E], entryDs[E] with
// E = entryStart[n], sources[s] (full-graph node ids).
// Output: {"core": R, "fill": R, "maxRssKb": kB}, R = {"medianMs": median over every timed run,
// "msPerSource": [median per source], "reached": [...], "checksum": [sum of times, ...]}; "core"
// counts core nodes, "fill" every node of the full graph.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "rss.h"

static const uint32_t UNREACHED = 0xffffffffu;

static std::vector<uint32_t> readU32(FILE* f, size_t n) {
  std::vector<uint32_t> v(n);
  if (n && fread(v.data(), 4, n, f) != n) { fprintf(stderr, "short read\n"); std::exit(2); }
  return v;
}

// engine/heap.ts NodeHeap, as assembly/core-search.ts has it.
struct NodeHeap {
  std::vector<uint32_t> ids, keys, pos;  // pos: position + 1, 0 when absent
  uint32_t length = 0;
  explicit NodeHeap(uint32_t capacity) : ids(capacity), keys(capacity), pos(capacity, 0) {}
  void clear() {
    for (uint32_t i = 0; i < length; i++) pos[ids[i]] = 0;
    length = 0;
  }
  void push(uint32_t id, uint32_t key) {
    uint32_t* ids_ = ids.data();
    uint32_t* keys_ = keys.data();
    uint32_t* pos_ = pos.data();
    int64_t i = int64_t(pos_[id]) - 1;
    if (i < 0) i = length++;
    else if (keys_[i] <= key) return;
    while (i > 0) {
      int64_t parent = (i - 1) >> 1;
      uint32_t pk = keys_[parent];
      if (pk <= key) break;
      ids_[i] = ids_[parent];
      keys_[i] = pk;
      pos_[ids_[i]] = uint32_t(i + 1);
      i = parent;
    }
    ids_[i] = id;
    keys_[i] = key;
    pos_[id] = uint32_t(i + 1);
  }
  uint32_t pop() {
    uint32_t* ids_ = ids.data();
    uint32_t* keys_ = keys.data();
    uint32_t* pos_ = pos.data();
    uint32_t top = ids_[0];
    pos_[top] = 0;
    uint32_t n = --length;
    if (n > 0) {
      uint32_t id = ids_[n], key = keys_[n];
      // Slot n, just past the heap, gets a key no item has (every key is within the cutoff, below
      // UNREACHED), as assembly/core-search.ts does: a right child at n then never wins, so the
      // loop need not ask whether it is in the heap.
      keys_[n] = UNREACHED;
      uint32_t i = 0, half = n >> 1;
      while (i < half) {
        // The smaller child chosen without a branch, as assembly/core-search.ts does (a select):
        // g++ -O2 keeps a branch for the plain `if` and for a ternary, mispredicted half the
        // time; this form it compiles branch-free, 22-25 % off the whole search.
        uint32_t left = 2 * i + 1, right = left + 1;
        uint32_t kl = keys_[left], kr = keys_[right];
        uint32_t takeRight = uint32_t(kr < kl);
        uint32_t child = left + takeRight;
        uint32_t mask = 0u - takeRight;
        uint32_t ck = (kl & ~mask) | (kr & mask);
        if (ck >= key) break;
        ids_[i] = ids_[child];
        keys_[i] = ck;
        pos_[ids_[i]] = i + 1;
        i = child;
      }
      ids_[i] = id;
      keys_[i] = key;
      pos_[id] = i + 1;
    }
    return top;
  }
};

struct Seed { uint32_t edge, atDs; };

struct Core {
  uint32_t n, k, cutoff;
  std::vector<uint32_t> firstOut, head, w, edgeTail, entryStart, entryEdge, entryDs;
  std::vector<int32_t> coreOf;
  // Per-query state, sized once.
  std::vector<uint32_t> time, touched;
  uint32_t touchedCount = 0;
  NodeHeap heap;
  std::vector<uint8_t> seeded;  // 1 on the core edges a chain-node source lies on
  std::vector<Seed> seeds;
  Core(uint32_t n_, uint32_t k_, uint32_t m) : n(n_), k(k_), cutoff(0), time(k_, UNREACHED), touched(k_), heap(k_), seeded(m, 0) {}

  void seed(uint32_t c, uint32_t t0) {
    if (t0 > cutoff || t0 >= time[c]) return;
    if (time[c] == UNREACHED) touched[touchedCount++] = c;
    time[c] = t0;
    heap.push(c, t0);
  }

  // CoreSearch.run from one full-graph node: a core node is seeded as itself; a chain node seeds
  // the far end of each core edge it lies on and is remembered for the fill-in.
  void run(uint32_t source) {
    for (uint32_t i = 0; i < touchedCount; i++) time[touched[i]] = UNREACHED;
    touchedCount = 0;
    heap.clear();
    for (const Seed& s : seeds) seeded[s.edge] = 0;
    seeds.clear();
    int32_t c = coreOf[source];
    if (c >= 0) seed(uint32_t(c), 0);
    else {
      for (uint32_t j = entryStart[source]; j < entryStart[source + 1]; j++) {
        uint32_t ce = entryEdge[j];
        seed(head[ce], w[ce] - entryDs[j]);
        seeds.push_back({ce, entryDs[j]});
        seeded[ce] = 1;
      }
    }
    const uint32_t* fo = firstOut.data();
    const uint32_t* hd = head.data();
    const uint32_t* wt = w.data();
    uint32_t* tm = time.data();
    uint32_t* tc = touched.data();
    const uint32_t cut = cutoff;
    while (heap.length > 0) {
      uint32_t u = heap.pop();
      uint32_t tu = tm[u];
      for (uint32_t e = fo[u], end = fo[u + 1]; e < end; e++) {
        uint32_t v = hd[e];
        uint32_t tv = tu + wt[e];
        if (tv < tm[v] && tv <= cut) {
          if (tm[v] == UNREACHED) tc[touchedCount++] = v;
          tm[v] = tv;
          heap.push(v, tv);
        }
      }
    }
  }

  // CoreSearch.timeAt for a chain node (with the seeds of a chain-node source).
  uint32_t timeAt(uint32_t x) const {
    uint32_t best = UNREACHED;
    for (uint32_t j = entryStart[x]; j < entryStart[x + 1]; j++) {
      uint32_t ce = entryEdge[j];
      uint32_t tt = time[edgeTail[ce]];
      if (tt != UNREACHED && tt + entryDs[j] < best) best = tt + entryDs[j];
      for (const Seed& s : seeds)
        if (s.edge == ce && s.atDs <= entryDs[j] && entryDs[j] - s.atDs < best) best = entryDs[j] - s.atDs;
    }
    return best <= cutoff ? best : UNREACHED;
  }

  // CoreSearch.expand: every full-graph node's time, one flat loop.
  void fill(uint32_t* out) const {
    const int32_t* co = coreOf.data();
    const uint32_t* es = entryStart.data();
    const uint32_t* ee = entryEdge.data();
    const uint32_t* ed = entryDs.data();
    const uint32_t* et = edgeTail.data();
    const uint32_t* tm = time.data();
    const bool anySeeded = !seeds.empty();
    for (uint32_t x = 0; x < n; x++) {
      int32_t c = co[x];
      if (c >= 0) { out[x] = tm[c]; continue; }
      uint32_t best = UNREACHED;
      bool exact = false;
      for (uint32_t j = es[x], end = es[x + 1]; j < end; j++) {
        uint32_t ce = ee[j];
        if (anySeeded && seeded[ce]) exact = true;
        uint32_t tt = tm[et[ce]];
        if (tt != UNREACHED && tt + ed[j] < best) best = tt + ed[j];
      }
      out[x] = exact ? timeAt(x) : best <= cutoff ? best : UNREACHED;
    }
  }
};

struct Runs { std::vector<double> perSource; double median; std::vector<uint64_t> reached, checksum; };

static void printRuns(const char* name, const Runs& r) {
  printf("\"%s\":{\"medianMs\":%.4f,\"msPerSource\":[", name, r.median);
  for (size_t i = 0; i < r.perSource.size(); i++) printf("%s%.4f", i ? "," : "", r.perSource[i]);
  printf("],\"reached\":[");
  for (size_t i = 0; i < r.reached.size(); i++) printf("%s%llu", i ? "," : "", (unsigned long long)r.reached[i]);
  printf("],\"checksum\":[");
  for (size_t i = 0; i < r.checksum.size(); i++) printf("%s%llu", i ? "," : "", (unsigned long long)r.checksum[i]);
  printf("]}");
}

static double medianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int main(int argc, char** argv) {
  if (argc != 2) { fprintf(stderr, "usage: core FILE\n"); return 2; }
  FILE* f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  auto hdr = readU32(f, 6);
  const uint32_t n = hdr[0], k = hdr[1], m = hdr[2], runs = hdr[4], s = hdr[5];
  Core g(n, k, m);
  g.cutoff = hdr[3];
  g.firstOut = readU32(f, k + 1);
  g.head = readU32(f, m);
  g.w = readU32(f, m);
  auto coreOf = readU32(f, n);
  g.coreOf.assign(coreOf.begin(), coreOf.end());
  g.edgeTail = readU32(f, m);
  g.entryStart = readU32(f, n + 1);
  const uint32_t entries = g.entryStart[n];
  g.entryEdge = readU32(f, entries);
  g.entryDs = readU32(f, entries);
  auto sources = readU32(f, s);
  fclose(f);

  std::vector<uint32_t> out(n);
  // Both modes cycle through the sources (one warm-up pass, then `runs` passes), as the JS side
  // is timed, so no query finds the previous one's data still hot in the cache.
  auto measure = [&](bool withFill) {
    Runs r;
    std::vector<std::vector<double>> per(s);
    std::vector<double> all;
    for (uint32_t pass = 0; pass <= runs; pass++) {
      for (uint32_t si = 0; si < s; si++) {
        auto t0 = std::chrono::steady_clock::now();
        g.run(sources[si]);
        if (withFill) g.fill(out.data());
        auto t1 = std::chrono::steady_clock::now();
        if (pass == 0) continue;
        double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        per[si].push_back(ms);
        all.push_back(ms);
      }
    }
    for (uint32_t si = 0; si < s; si++) {
      g.run(sources[si]);
      uint64_t reached = 0, checksum = 0;
      if (withFill) {
        g.fill(out.data());
        for (uint32_t x = 0; x < n; x++) if (out[x] != UNREACHED) { reached++; checksum += out[x]; }
      } else {
        for (uint32_t i = 0; i < g.touchedCount; i++) { reached++; checksum += g.time[g.touched[i]]; }
      }
      r.perSource.push_back(medianOf(per[si]));
      r.reached.push_back(reached);
      r.checksum.push_back(checksum);
    }
    r.median = medianOf(all);
    return r;
  };
  Runs core = measure(false);
  Runs fill = measure(true);
  printf("{");
  printRuns("core", core);
  printf(",");
  printRuns("fill", fill);
  long hwm = peakRssKb();
  printf(",\"maxRssKb\":%ld}\n", hwm);
  return 0;
}
