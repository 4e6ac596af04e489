/* Runs a program with the kernel's memory-deny-write-execute (prctl PR_SET_MDWE, Linux 6.3+): what the units'
   MemoryDenyWriteExecute=yes asks of systemd, checked here without systemd as PID 1. Exit 125: the kernel lacks it. */
#include <sys/prctl.h>
#include <stdio.h>
#include <unistd.h>
#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif
int main(int argc, char **argv) {
  if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) { perror("prctl(PR_SET_MDWE)"); return 125; }
  execv(argv[1], argv + 1); perror("execv"); return 126;
}
