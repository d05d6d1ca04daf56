// The library catalogue's search and sorting, in the browser; without script the
// list is simply shown whole, sorted by title.
(function () {
  "use strict";
  var list = document.getElementById("texts");
  var search = document.getElementById("search");
  var sort = document.getElementById("sort");
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing");
  if (!list || !search || !sort) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("li.text"));

  function fold(text) {
    // case and accents do not matter: "Kropotkin" finds "kropotkin", "e" finds "é"
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  items.forEach(function (item) {
    item.searchText = fold([item.dataset.title, item.dataset.author, item.dataset.lang,
                            item.dataset.date].join(" "));
  });

  function filter() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var count = 0;
    items.forEach(function (item) {
      var match = words.every(function (word) { return item.searchText.indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = String(count);
    nothing.hidden = count !== 0;
  }

  function order() {
    var key = sort.value;
    var sorted = items.slice().sort(function (a, b) {
      if (key === "pages") { return Number(a.dataset.pages) - Number(b.dataset.pages); }
      var x = fold(a.dataset[key]), y = fold(b.dataset[key]);
      if (x === y) { x = fold(a.dataset.title); y = fold(b.dataset.title); }
      return x < y ? -1 : x > y ? 1 : 0;
    });
    sorted.forEach(function (item) { list.appendChild(item); });
  }

  search.addEventListener("input", filter);
  sort.addEventListener("change", order);
  if (location.hash.length > 1) { search.value = decodeURIComponent(location.hash.slice(1)); }
  filter();
}());
