"""The browser the web tests drive is a real one: it lays out a page and runs script."""


def test_browser_runs_script_and_lays_out(page):
    page.set_content("<p id=p style='width:100px'>one two</p><script>"
                     "document.getElementById('p').dataset.seen = 'yes'</script>")
    assert page.get_attribute("#p", "data-seen") == "yes"
    assert page.eval_on_selector("#p", "e => e.getBoundingClientRect().width") == 100
