// The machine's limit for a plain one-to-all search: a textbook C++ Dijkstra over the same CSR
// arrays (uint32 firstOut/head/time in deciseconds), binary heap with lazy deletion
// (std::priority_queue), a cutoff, and a fresh distance array per query. Built and run by
// benchmarks/native.ts; reads one binary file and prints one JSON line.
//
// Input (little endian): u32 n, u32 m, u32 cutoff, u32 runs, u32 k, firstOut[n+1], head[m],
// time[m], sources[k]. Output: {"medianMs": [...per source], "reached": [...per source], "checksum": [...]}
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <queue>
#include <vector>
#include <cstdlib>
#include <cstring>

static std::vector<uint32_t> readU32(FILE* f, size_t n) {
  std::vector<uint32_t> v(n);
  if (n && fread(v.data(), 4, n, f) != n) { fprintf(stderr, "short read\n"); std::exit(2); }
  return v;
}

int main(int argc, char** argv) {
  if (argc != 2) { fprintf(stderr, "usage: dijkstra FILE\n"); return 2; }
  FILE* f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  auto hdr = readU32(f, 5);
  const uint32_t n = hdr[0], m = hdr[1], cutoff = hdr[2], runs = hdr[3], k = hdr[4];
  auto firstOut = readU32(f, n + 1), head = readU32(f, m), w = readU32(f, m), sources = readU32(f, k);
  fclose(f);
  const uint32_t INF = 0xffffffffu;
  printf("{\"medianMs\":[");
  std::vector<uint64_t> reachedAll, checksumAll;
  for (uint32_t si = 0; si < k; si++) {
    std::vector<double> times;
    uint64_t reached = 0, checksum = 0;
    for (uint32_t r = 0; r < runs; r++) {
      auto t0 = std::chrono::steady_clock::now();
      std::vector<uint32_t> dist(n, INF);
      using Item = std::pair<uint32_t, uint32_t>;
      std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
      dist[sources[si]] = 0;
      pq.push({0, sources[si]});
      while (!pq.empty()) {
        auto [d, u] = pq.top();
        pq.pop();
        if (d != dist[u]) continue;
        for (uint32_t e = firstOut[u]; e < firstOut[u + 1]; e++) {
          uint32_t nd = d + w[e];
          if (nd <= cutoff && nd < dist[head[e]]) { dist[head[e]] = nd; pq.push({nd, head[e]}); }
        }
      }
      auto t1 = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      reached = 0; checksum = 0;
      for (uint32_t i = 0; i < n; i++) if (dist[i] != INF) { reached++; checksum += dist[i]; }
    }
    std::sort(times.begin(), times.end());
    printf("%s%.4f", si ? "," : "", times[times.size() / 2]);
    reachedAll.push_back(reached);
    checksumAll.push_back(checksum);
  }
  printf("],\"reached\":[");
  for (size_t i = 0; i < reachedAll.size(); i++) printf("%s%llu", i ? "," : "", (unsigned long long)reachedAll[i]);
  printf("],\"checksum\":[");
  for (size_t i = 0; i < checksumAll.size(); i++) printf("%s%llu", i ? "," : "", (unsigned long long)checksumAll[i]);
  // Peak RSS from /proc (VmHWM): getrusage's ru_maxrss would carry over the parent's peak from
  // before exec when a large process (Node) starts this one.
  long hwm = -1;
  if (FILE* st = fopen("/proc/self/status", "r")) {
    char line[256];
    while (fgets(line, sizeof line, st)) if (strncmp(line, "VmHWM:", 6) == 0) hwm = atol(line + 6);
    fclose(st);
  }
  printf("],\"maxRssKb\":%ld}\n", hwm);
  return 0;
}
