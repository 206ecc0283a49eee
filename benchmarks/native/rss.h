// Peak resident memory of this process in kB, from /proc (VmHWM): getrusage's ru_maxrss would
// carry over the parent's peak from before exec when a large process (Node) starts this one.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cstring>

static long peakRssKb() {
  long hwm = -1;
  if (FILE* st = fopen("/proc/self/status", "r")) {
    char line[256];
    while (fgets(line, sizeof line, st)) if (strncmp(line, "VmHWM:", 6) == 0) hwm = atol(line + 6);
    fclose(st);
  }
  return hwm;
}
