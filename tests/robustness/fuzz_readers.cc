// A seeded random-mutation fuzzer of the input readers (issue 13): the deck reader (includes
// and all), lab summaries, creep curves and MD campaign summaries. Each execution mutates one
// corpus file (bit flips, byte insertions and deletions, repeated chunks, long runs, lines
// swapped between files) and feeds it to its reader. A reader may refuse the input with an
// exception; anything else (a crash, an abort, a hang) ends the program and fails the test.
// usage: fuzz_readers CORPUS_DIR WORK_DIR SECONDS [SEED]
#include "continuum/material/point_case.h"
#include "coupling/atomic_file.h"
#include "coupling/creep_curve.h"
#include "coupling/lab_summary.h"
#include "coupling/md_summary.h"

#include <deal.II/base/parameter_handler.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace
{
  std::string mutate(std::string s, std::mt19937_64 &rng, const std::vector<std::string> &corpus)
  {
    std::uniform_int_distribution<int> kind(0, 7), count(1, 8), byte(0, 255);
    const auto at = [&](const std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
    for (int k = count(rng); k > 0; --k)
      switch (kind(rng))
        {
          case 0: // flip a bit
            if (!s.empty())
              s[at(s.size() - 1)] ^= static_cast<char>(1 << (byte(rng) % 8));
            break;
          case 1: // insert a byte
            s.insert(s.begin() + static_cast<long>(at(s.size())), static_cast<char>(byte(rng)));
            break;
          case 2: // delete a span
            if (!s.empty())
              {
                const std::size_t p = at(s.size() - 1);
                s.erase(p, at(std::min<std::size_t>(64, s.size() - p)));
              }
            break;
          case 3: // repeat a chunk many times
            if (!s.empty())
              {
                const std::size_t p = at(s.size() - 1), n = 1 + at(std::min<std::size_t>(32, s.size() - p - 1));
                const std::string chunk = s.substr(p, n);
                std::string run;
                for (std::size_t r = at(2000); r > 0; --r)
                  run += chunk;
                s.insert(p, run);
              }
            break;
          case 4: // a long run of one character (values, names, lines of tens of KB)
            s.insert(at(s.size()), std::string(at(60000), static_cast<char>(byte(rng) % 2 ? '9' : byte(rng))));
            break;
          case 5: // a line of another corpus file
            {
              const std::string &other = corpus[at(corpus.size() - 1)];
              const std::size_t p = at(other.size());
              const std::size_t e = other.find('\n', p);
              s.insert(at(s.size()), other.substr(p, e == std::string::npos ? std::string::npos : e - p + 1));
              break;
            }
          case 6: // a separator where it does not belong
            s.insert(at(s.size()), std::string(1, ",=#\n\r\"<>/ "[at(10)]));
            break;
          default: // truncate
            s.resize(at(s.size()));
            break;
        }
    return s;
  }
} // namespace

int main(int argc, char **argv)
{
  if (argc < 4)
    {
      std::cerr << "usage: fuzz_readers CORPUS_DIR WORK_DIR SECONDS [SEED]\n";
      return 2;
    }
  const std::filesystem::path corpus_dir = argv[1], work = argv[2];
  const double seconds = std::stod(argv[3]);
  const unsigned long seed = argc > 4 ? std::stoul(argv[4]) : 1;
  std::filesystem::create_directories(work);
  std::vector<std::string> names, texts;
  for (const auto &entry : std::filesystem::directory_iterator(corpus_dir))
    {
      names.push_back(entry.path().filename().string());
      texts.push_back(bmgcreep::read_file(entry.path().string()));
      // the originals beside the mutants, so that decks' includes resolve
      std::filesystem::copy_file(entry.path(), work / names.back(), std::filesystem::copy_options::overwrite_existing);
    }
  std::mt19937_64 rng(seed);
  std::map<std::string, unsigned long> runs, refused;
  const auto start = std::chrono::steady_clock::now();
  unsigned long executions = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds)
    {
      const std::size_t i = std::uniform_int_distribution<std::size_t>(0, names.size() - 1)(rng);
      const std::string &name = names[i];
      const std::string input = mutate(texts[i], rng, texts);
      const std::string path = (work / ("mutant-" + name)).string();
      bmgcreep::write_file_atomically(path, input);
      ++executions;
      ++runs[name];
      try
        {
          if (name.size() > 4 && name.substr(name.size() - 4) == ".prm")
            {
              dealii::ParameterHandler prm;
              bmgcreep::material::declare_point_deck(prm);
              bmgcreep::parse_deck_file(prm, path);
            }
          else if (name == "lab.csv")
            bmgcreep::read_lab_summary(path);
          else if (name == "curve.csv")
            bmgcreep::read_creep_curve(path);
          else if (name == "md-summary.csv")
            bmgcreep::read_md_campaign_summary(path);
        }
      catch (const std::exception &)
        {
          ++refused[name];
        }
    }
  std::cout << "fuzz_readers: " << executions << " executions in " << seconds << " s (seed " << seed
            << "), no crash;";
  for (const auto &[name, n] : runs)
    std::cout << " " << name << " " << n << " (" << refused[name] << " refused)";
  std::cout << "\n";
  return 0;
}
